// procview_meminfo_cpu_test.cc: the facade's meminfo, swaps, cpuinfo, the
// /sys cpu ranges and uptime for a container, over fake sources.
#include "lib/procview/procview.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "lib/procview/facade_test_fixture.h"

namespace procview {
namespace {

class MemCpuFacadeTest : public FacadeTest {
 protected:
  void SetUp() override {
    FacadeTest::SetUp();
    host_->proc["sys/vm/swappiness"] = "60\n";
    MemoryReadings memory;
    memory.limit = 256ull << 20;
    memory.usage = 64ull << 20;
    memory.stat.file = 16ull << 20;
    memory.swap_accounting = true;
    memory.memsw_limit = 768ull << 20;  // 256 MiB RAM + 512 MiB swap
    memory.swap_usage = 1ull << 20;
    tree_->containers[kContainerCgroup].memory = memory;
  }

  std::string Text(File file, Options options = {}) {
    absl::StatusOr<Rendered> out = Make(options)->Render(file, 1000);
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return "";
    EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
    return out->text;
  }
};

TEST_F(MemCpuFacadeTest, MeminfoShowsTheContainersLimitAndSwap) {
  const std::string text = Text(File::kMeminfo);
  EXPECT_TRUE(absl::StartsWith(text, "MemTotal:         262144 kB\nMemFree:          196608 kB\n"
                                     "MemAvailable:     212992 kB\nBuffers:               0 kB\n"))
      << text;
  // The smaller of RAM+SWAP (768 MiB) and the host's 2 GiB; 1 MiB used.
  EXPECT_TRUE(absl::StrContains(text, "SwapTotal:        786432 kB\nSwapFree:         785408 kB\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text, "VmallocTotal:   34359738367 kB\n")) << text;
}

TEST_F(MemCpuFacadeTest, SwapsAgreesWithMeminfo) {
  const std::string text = Text(File::kSwaps);
  EXPECT_TRUE(absl::StrContains(text, "\nnone ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "virtual\t\t786432\t\t1024\t\t0\n")) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
}

TEST_F(MemCpuFacadeTest, SwapOffOptionShowsNoSwapAnywhere) {
  Options no_swap;
  no_swap.swap = false;
  EXPECT_TRUE(absl::StrContains(Text(File::kMeminfo, no_swap),
                                "SwapTotal:             0 kB\nSwapFree:              0 kB\n"));
  SetUp();
  EXPECT_EQ(Text(File::kSwaps, no_swap), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

TEST_F(MemCpuFacadeTest, HostSwappinessZeroShowsOnlyTheSwapInUse) {
  host_->proc["sys/vm/swappiness"] = "0\n";
  EXPECT_TRUE(absl::StrContains(Text(File::kMeminfo),
                                "SwapTotal:          1024 kB\nSwapFree:              0 kB\n"));
}

// A host without swap: none in the container either, whatever its cgroup
// says (swappiness 0 would show its usage as a full device: on such a host
// that is the noise of two reads), and vm.swappiness is not read.
TEST_F(MemCpuFacadeTest, NoHostSwapShowsNoSwapAndReadsNoSwappiness) {
  host_->proc["meminfo"] = absl::StrReplaceAll(
      kHostMeminfo, {{"SwapTotal:       2097148 kB", "SwapTotal:             0 kB"}});
  host_->proc["sys/vm/swappiness"] = "garbage\n";  // an error if it were read
  tree_->containers[kContainerCgroup].memory->swappiness = 0;
  const std::string text = Text(File::kMeminfo);
  EXPECT_TRUE(absl::StrContains(text, "SwapTotal:             0 kB\nSwapFree:              0 kB\n"))
      << text;
  SetUp();
  host_->proc["meminfo"] = absl::StrReplaceAll(
      kHostMeminfo, {{"SwapTotal:       2097148 kB", "SwapTotal:             0 kB"}});
  tree_->containers[kContainerCgroup].memory->swappiness = 0;
  EXPECT_EQ(Text(File::kSwaps), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

// /proc/swaps on a host without swap does not read the memory cgroup at all:
// a missing controller gives the same header, not the host fallback.
TEST_F(MemCpuFacadeTest, SwapsWithoutHostSwapReadsNoCgroup) {
  host_->proc["meminfo"] = absl::StrReplaceAll(
      kHostMeminfo, {{"SwapTotal:       2097148 kB", "SwapTotal:             0 kB"}});
  tree_->containers[kContainerCgroup].memory.reset();  // NotFound if it were read
  EXPECT_EQ(Text(File::kSwaps), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

TEST_F(MemCpuFacadeTest, MeminfoWithoutMemoryControllerIsTheHosts) {
  tree_->containers[kContainerCgroup].memory.reset();
  absl::StatusOr<Rendered> out = Make()->Render(File::kMeminfo, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostMeminfo);
}

TEST_F(MemCpuFacadeTest, CpuinfoAndCpuRangesShowTheCpusetOnly) {
  const std::string cpuinfo = Text(File::kCpuinfo);
  EXPECT_EQ(cpuinfo,
            "processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 1\n"
            "core id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 1\n\n");
  for (File file : {File::kCpuOnline, File::kCpuPresent, File::kCpuPossible}) {
    SetUp();
    EXPECT_EQ(Text(file), "0\n") << PathOf(file);
  }
}

TEST_F(MemCpuFacadeTest, EveryCpuCountAgreesWithStat) {
  tree_->containers[kContainerCgroup].cpu->cpuset = {0, 1};
  std::unique_ptr<Procview> facade = Make();
  const std::string cpuinfo = facade->Render(File::kCpuinfo, 1000)->text;
  const std::string stat = facade->Render(File::kStat, 1000)->text;
  EXPECT_TRUE(absl::StrContains(cpuinfo, "processor\t: 1\n")) << cpuinfo;
  EXPECT_TRUE(absl::StrContains(stat, "\ncpu1 ")) << stat;
  EXPECT_EQ(facade->Render(File::kCpuOnline, 1000)->text, "0-1\n");
  EXPECT_EQ(facade->Render(File::kCpuPossible, 1000)->text, "0-1\n");
}

// cpuinfo takes the cpuset's CPUs as online when the host text has their
// blocks; one without a block is offline, and the online list decides.
TEST_F(MemCpuFacadeTest, CpuinfoLeavesOutCpusetCpusThatAreOffline) {
  const std::string one_cpu =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 1\n"
      "core id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 1\n\n";
  tree_->containers[kContainerCgroup].cpu->cpuset = {1, 5};  // 5 is offline
  EXPECT_EQ(Text(File::kCpuinfo), one_cpu);
  SetUp();
  tree_->containers[kContainerCgroup].cpu->cpuset = {5};  // none online: the host's
  const std::string all = Text(File::kCpuinfo);
  EXPECT_TRUE(absl::StrContains(all, "processor\t: 1\n")) << all;
  EXPECT_FALSE(absl::StrContains(all, "processor\t: 2\n")) << all;
}

TEST_F(MemCpuFacadeTest, UptimeCountsFromTheContainersInit) {
  // Init 900 started 4242 ticks (42.42 s) after boot; the container used
  // 1.5 s of its one CPU.
  EXPECT_EQ(Text(File::kUptime), "185.23 183.73\n");
}

TEST_F(MemCpuFacadeTest, UptimeWithGoneInitIsTheHosts) {
  host_->proc.erase("900/stat");
  absl::StatusOr<Rendered> out = Make()->Render(File::kUptime, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostUptime);
}

}  // namespace
}  // namespace procview
