// Tests of the container /proc/meminfo on the recorded host file.
#include "lib/procview/render/meminfo.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("host-proc/" + name); }

Meminfo Host() {
  absl::StatusOr<Meminfo> m = ParseMeminfo(Fixture("meminfo.txt"));
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *m : Meminfo{};
}

// memory.usage_in_bytes and memory.stat totals of a v1 memory cgroup on this
// machine (a shell and a build), recorded; the limit is set per test.
MemoryReadings RecordedV1(Limit limit) {
  MemoryReadings m;
  m.limit = limit;
  m.usage = 195661824;
  m.stat.file = 45613056;
  m.stat.anon = 151048192;
  m.stat.file_mapped = 73728;
  m.stat.file_dirty = 733184;
  m.stat.inactive_anon = 151007232;
  m.stat.active_anon = 24576;
  m.stat.inactive_file = 5783552;
  m.stat.active_file = 39829504;
  return m;
}

// Renders and parses back into key -> value.
std::map<std::string, uint64_t> Render(const MemoryReadings& memory, SwapView swap = {}) {
  absl::StatusOr<std::string> text = RenderMeminfo(Host(), memory, swap);
  EXPECT_TRUE(text.ok()) << text.status();
  absl::StatusOr<Meminfo> parsed = ParseMeminfo(text.ok() ? *text : "");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  std::map<std::string, uint64_t> out;
  if (parsed.ok()) {
    for (const MeminfoLine& line : parsed->lines) out[std::string(line.key)] = line.value;
  }
  return out;
}

TEST(MeminfoRender, MemTotalIsTheLimit) {
  auto v = Render(RecordedV1(1ull << 30));
  EXPECT_EQ(v["MemTotal"], 1048576u);
  EXPECT_EQ(v["MemFree"], 1048576u - 195661824u / 1024);
}

TEST(MeminfoRender, CapsMemTotalAtHostRam) {
  EXPECT_EQ(Render(RecordedV1(1ull << 40))["MemTotal"], 24683620u);
  EXPECT_EQ(Render(RecordedV1(std::nullopt))["MemTotal"], 24683620u);
}

TEST(MeminfoRender, MemTotalIsNeverZero) {
  EXPECT_EQ(Render(RecordedV1(0))["MemTotal"], 24683620u);
  EXPECT_EQ(Render(RecordedV1(1000))["MemTotal"], 24683620u);
}

TEST(MeminfoRender, KeepsHostLinesInOrderAndUnknownOnesUnchanged) {
  absl::StatusOr<std::string> text = RenderMeminfo(Host(), RecordedV1(1ull << 30), {});
  ASSERT_TRUE(text.ok()) << text.status();
  const std::string host = Fixture("meminfo.txt");
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'), std::count(host.begin(), host.end(), '\n'));
  EXPECT_NE(text->find("VmallocTotal:   34359738367 kB\n"), std::string::npos);
  EXPECT_NE(text->find("HugePages_Total:       0\n"), std::string::npos);
  EXPECT_NE(text->find("Hugepagesize:       2048 kB\n"), std::string::npos);
  EXPECT_NE(text->find("MemTotal:        1048576 kB\n"), std::string::npos) << *text;
  EXPECT_LT(text->find("MemTotal:"), text->find("DirectMap2M:"));
}

TEST(MeminfoRender, ValuesComeFromMemoryStat) {
  auto v = Render(RecordedV1(1ull << 30));
  EXPECT_EQ(v["Cached"], 45613056u / 1024);
  EXPECT_EQ(v["Buffers"], 0u);
  EXPECT_EQ(v["AnonPages"], 151048192u / 1024);
  EXPECT_EQ(v["Mapped"], 72u);
  EXPECT_EQ(v["Dirty"], 716u);
  EXPECT_EQ(v["Active(anon)"], 24u);
  EXPECT_EQ(v["Inactive(file)"], 5648u);
}

TEST(MeminfoRender, SumsAddUp) {
  MemoryReadings m = RecordedV1(1ull << 30);
  m.stat.slab_reclaimable = 3 << 20;
  m.stat.slab_unreclaimable = 1 << 20;
  auto v = Render(m);
  EXPECT_EQ(v["Active"], v["Active(anon)"] + v["Active(file)"]);
  EXPECT_EQ(v["Inactive"], v["Inactive(anon)"] + v["Inactive(file)"]);
  EXPECT_EQ(v["Slab"], v["SReclaimable"] + v["SUnreclaim"]);
  EXPECT_EQ(v["Slab"], 4096u);
  EXPECT_EQ(v["KReclaimable"], v["SReclaimable"]);
}

TEST(MeminfoRender, AvailableIsFreePlusReclaimableCacheButNeverShmem) {
  MemoryReadings m = RecordedV1(1ull << 30);
  auto plain = Render(m);
  EXPECT_EQ(plain["MemAvailable"], plain["MemFree"] + 45613056u / 1024);
  m.stat.shmem = 40 << 20;  // tmpfs pages inside the file count
  auto shm = Render(m);
  EXPECT_EQ(shm["Shmem"], 40u * 1024u);
  EXPECT_EQ(shm["MemAvailable"], shm["MemFree"] + 45613056u / 1024 - 40u * 1024u);
}

TEST(MeminfoRender, NothingExceedsMemTotal) {
  // A 64 MiB limit below the recorded usage and page cache.
  auto v = Render(RecordedV1(64ull << 20));
  const uint64_t total = v["MemTotal"];
  EXPECT_EQ(total, 65536u);
  EXPECT_EQ(v["MemFree"], 0u);
  for (const auto& [key, value] : v) {
    if (key == "VmallocTotal" || key == "VmallocUsed" || key == "VmallocChunk" ||
        key == "Committed_AS") {
      continue;
    }
    EXPECT_LE(value, total) << key;
  }
  EXPECT_EQ(v["Active"], v["Active(anon)"] + v["Active(file)"]);
  EXPECT_EQ(v["Inactive"], v["Inactive(anon)"] + v["Inactive(file)"]);
  EXPECT_LE(v["MemAvailable"], total);
}

TEST(MeminfoRender, SwapLinesAreTheContainersSwap) {
  auto v = Render(RecordedV1(1ull << 30), SwapView{1048576, 1048576 + 0});
  EXPECT_EQ(v["SwapTotal"], 1048576u);
  EXPECT_EQ(v["SwapFree"], 0u);
  EXPECT_EQ(v["SwapCached"], 0u);
  auto none = Render(RecordedV1(1ull << 30), SwapView{});
  EXPECT_EQ(none["SwapTotal"], 0u);
  EXPECT_EQ(none["SwapFree"], 0u);
}

TEST(MeminfoRender, SwapFreeNeverUnderflowsWithHugeUsage) {
  MemoryReadings m = RecordedV1(1ull << 30);
  m.swap_accounting = true;
  m.memsw_limit = 2ull << 30;
  m.swap_usage = 100ull << 30;  // far above any size
  auto v = Render(m, ContainerSwap(m, 1 << 20, 60, true));
  EXPECT_EQ(v["SwapTotal"], 1u << 20);
  EXPECT_EQ(v["SwapFree"], 0u);
}

TEST(MeminfoRender, CommitLimitFitsRamPlusSwap) {
  auto v = Render(RecordedV1(1ull << 30), SwapView{1024, 0});
  EXPECT_EQ(v["CommitLimit"], 1048576u + 1024u);
}

TEST(MeminfoRender, HostWithoutMemTotalIsAnError) {
  absl::StatusOr<Meminfo> host = ParseMeminfo("MemFree: 5 kB\n");
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(RenderMeminfo(*host, RecordedV1(1 << 30), {}).status()));
}

}  // namespace
}  // namespace procview
