// Tests of the container swap size: the LXCFS README's swap rules.
#include "lib/procview/render/swap.h"

#include <gtest/gtest.h>

namespace procview {
namespace {

constexpr uint64_t kHostSwapKb = 4 * 1024 * 1024;  // a 4 GiB host swap device

MemoryReadings Accounted(uint64_t swap_usage_bytes) {
  MemoryReadings m;
  m.limit = 512ull << 20;
  m.swap_accounting = true;
  m.memsw_limit = 1ull << 30;  // RAM+SWAP: 1 GiB
  m.swap_usage = swap_usage_bytes;
  return m;
}

TEST(ContainerSwap, SizeIsTheRamPlusSwapLimitWhenBelowHostSwap) {
  SwapView s = ContainerSwap(Accounted(8 << 20), kHostSwapKb, 60, true);
  EXPECT_EQ(s.total_kb, 1024u * 1024u);
  EXPECT_EQ(s.used_kb, 8u * 1024u);
  EXPECT_EQ(s.free_kb(), 1024u * 1024u - 8u * 1024u);
}

TEST(ContainerSwap, SizeIsTheHostSwapWhenBelowTheLimit) {
  SwapView s = ContainerSwap(Accounted(0), 100 * 1024, 60, true);
  EXPECT_EQ(s.total_kb, 100u * 1024u);
}

TEST(ContainerSwap, UnlimitedRamPlusSwapShowsTheHostSwap) {
  MemoryReadings m = Accounted(0);
  m.memsw_limit.reset();
  EXPECT_EQ(ContainerSwap(m, kHostSwapKb, 60, true).total_kb, kHostSwapKb);
}

TEST(ContainerSwap, NoAccountingMeansNoSwap) {
  MemoryReadings m = Accounted(8 << 20);
  m.swap_accounting = false;
  SwapView s = ContainerSwap(m, kHostSwapKb, 60, true);
  EXPECT_EQ(s.total_kb, 0u);
  EXPECT_EQ(s.used_kb, 0u);
}

TEST(ContainerSwap, SwapOffOptionMeansNoSwap) {
  SwapView s = ContainerSwap(Accounted(8 << 20), kHostSwapKb, 60, false);
  EXPECT_EQ(s.total_kb, 0u);
  EXPECT_EQ(s.used_kb, 0u);
}

TEST(ContainerSwap, SwappinessZeroWithoutUsageMeansNoSwap) {
  MemoryReadings m = Accounted(0);
  m.swappiness = 0;
  EXPECT_EQ(ContainerSwap(m, kHostSwapKb, 60, true).total_kb, 0u);
}

TEST(ContainerSwap, SwappinessZeroWithUsageIsAFullDeviceOfThatSize) {
  MemoryReadings m = Accounted(3 << 20);
  m.swappiness = 0;
  SwapView s = ContainerSwap(m, kHostSwapKb, 60, true);
  EXPECT_EQ(s.total_kb, 3u * 1024u);
  EXPECT_EQ(s.used_kb, 3u * 1024u);
  EXPECT_EQ(s.free_kb(), 0u);
}

TEST(ContainerSwap, HostSwappinessAppliesWhenTheCgroupHasNone) {
  MemoryReadings m = Accounted(0);  // v2: no per-cgroup swappiness
  EXPECT_EQ(ContainerSwap(m, kHostSwapKb, 0, true).total_kb, 0u);
  m.swappiness = 30;  // the cgroup's own wins over the host's 0
  EXPECT_EQ(ContainerSwap(m, kHostSwapKb, 0, true).total_kb, 1024u * 1024u);
}

TEST(ContainerSwap, NoHostSwapMeansNoSwapWhateverTheCgroupSays) {
  // Swappiness 0 would show a device the size of the usage: with no swap on
  // the host that usage is the noise of two unsynchronized reads.
  MemoryReadings m = Accounted(3 << 20);
  m.swappiness = 0;
  SwapView s = ContainerSwap(m, 0, 60, true);
  EXPECT_EQ(s.total_kb, 0u);
  EXPECT_EQ(s.used_kb, 0u);
  m.swappiness.reset();
  EXPECT_EQ(ContainerSwap(m, 0, 60, true).total_kb, 0u);
}

TEST(ContainerSwap, UsageAboveTheSizeNeverUnderflowsFree) {
  // LXCFS #695: SwapFree near 2^64 when usage exceeded the size.
  SwapView s = ContainerSwap(Accounted(2ull << 30), 1024, 60, true);
  EXPECT_EQ(s.total_kb, 1024u);
  EXPECT_EQ(s.used_kb, 1024u);
  EXPECT_EQ(s.free_kb(), 0u);
}

}  // namespace
}  // namespace procview
