// Tests of the container /proc/stat: per-CPU views, sums, host lines, goldens.
#include "lib/procview/render/stat.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("stat/" + name); }

ProcStat Host(const std::string& fixture) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(Fixture(fixture));
  EXPECT_TRUE(stat.ok()) << stat.status();
  return stat.ok() ? *stat : ProcStat{};
}

// cpuacct.usage_all of a v1 cgroup on the 2-CPU host, recorded.
CpuReadings RecordedV1Readings() {
  CpuReadings r;
  r.cpuset = {0, 1};
  r.per_cpu = {{0, 108137562352, 132020465119}, {1, 123487954174, 147344299956}};
  return r;
}

TEST(StatCpuTicks, V1PerCpuUsageLandsOnItsOwnLine) {
  ProcStat host = Host("host_2cpu.txt");
  absl::StatusOr<std::vector<CpuTicks>> ticks =
      ContainerCpuTicks(host, {0, 1}, RecordedV1Readings());
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  ASSERT_EQ(ticks->size(), 2u);
  EXPECT_EQ((*ticks)[0].v[kCpuUser], 10813u);  // 108137562352 ns
  EXPECT_EQ((*ticks)[0].v[kCpuSystem], 13202u);
  EXPECT_EQ((*ticks)[1].v[kCpuUser], 12348u);
  EXPECT_EQ((*ticks)[1].v[kCpuSystem], 14734u);
}

TEST(StatCpuTicks, EveryLineAddsUpToItsHostCpuWallTime) {
  ProcStat host = Host("host_64cpu.txt");
  std::vector<int> visible = {3, 17, 40};
  CpuReadings r;
  r.per_cpu = {{3, 7'000'000'000, 1'000'000'000}, {17, 1, 2}, {63, 5'000'000'000, 0}};
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, visible, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  for (size_t i = 0; i < visible.size(); ++i) {
    EXPECT_EQ((*ticks)[i].Elapsed(), host.FindCpu(visible[i])->ticks.Elapsed()) << i;
    EXPECT_EQ((*ticks)[i].v[kCpuNice], 0u);
    EXPECT_EQ((*ticks)[i].v[kCpuIowait], 0u);
    EXPECT_EQ((*ticks)[i].v[kCpuSteal], 0u);
  }
}

TEST(StatCpuTicks, UsageOnHiddenCpusFoldsIntoVisibleOnes) {
  ProcStat host = Host("host_64cpu.txt");
  CpuReadings r;
  // Ran on CPUs 0..3; a quota-sized view shows 2 of them.
  r.per_cpu = {{0, 100 * kNsPerTick, 10 * kNsPerTick},
               {1, 200 * kNsPerTick, 20 * kNsPerTick},
               {2, 301 * kNsPerTick, 30 * kNsPerTick},
               {3, 400 * kNsPerTick, 41 * kNsPerTick}};
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {0, 1}, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  // 701 hidden user ticks: 351 to cpu0, 350 to cpu1; 71 system: 36 + 35.
  EXPECT_EQ((*ticks)[0].v[kCpuUser], 100u + 351u);
  EXPECT_EQ((*ticks)[1].v[kCpuUser], 200u + 350u);
  EXPECT_EQ((*ticks)[0].v[kCpuSystem], 10u + 36u);
  EXPECT_EQ((*ticks)[1].v[kCpuSystem], 20u + 35u);
}

TEST(StatCpuTicks, V2TotalsSpreadEvenlyOverVisibleCpus) {
  ProcStat host = Host("host_256cpu.txt");
  CpuReadings r;  // v2: totals only
  r.user_ns = 1000 * kNsPerTick + 999;
  r.system_ns = 7 * kNsPerTick;
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {8, 9, 10, 11}, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  for (const CpuTicks& t : *ticks) EXPECT_EQ(t.v[kCpuUser], 250u);
  EXPECT_EQ((*ticks)[0].v[kCpuSystem], 2u);
  EXPECT_EQ((*ticks)[2].v[kCpuSystem], 2u);
  EXPECT_EQ((*ticks)[3].v[kCpuSystem], 1u);
}

TEST(StatCpuTicks, NoLineShowsMoreUsageThanWallTime) {
  ProcStat host = Host("host_2cpu.txt");
  const uint64_t wall0 = host.FindCpu(0)->ticks.Elapsed();
  const uint64_t wall1 = host.FindCpu(1)->ticks.Elapsed();
  CpuReadings r;
  // cpu0 reports 500 ticks more than its wall time (3:1 user:system); cpu1
  // has room for all of it.
  const uint64_t user0 = (wall0 + 500) * 3 / 4;
  r.per_cpu = {{0, user0 * kNsPerTick, (wall0 + 500 - user0) * kNsPerTick}, {1, 0, 0}};
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {0, 1}, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  EXPECT_EQ((*ticks)[0].v[kCpuIdle], 0u);
  EXPECT_EQ((*ticks)[0].v[kCpuUser] + (*ticks)[0].v[kCpuSystem], wall0);
  EXPECT_EQ((*ticks)[1].v[kCpuUser] + (*ticks)[1].v[kCpuSystem], 500u);
  EXPECT_EQ((*ticks)[1].Elapsed(), wall1);

  // Nowhere to put it: the excess is dropped, idle stays at 0, no underflow.
  r.per_cpu = {{0, ~uint64_t{0} / 2, ~uint64_t{0} / 2}, {1, ~uint64_t{0} / 2, 0}};
  ticks = ContainerCpuTicks(host, {0, 1}, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  EXPECT_EQ((*ticks)[0].Elapsed(), wall0);
  EXPECT_EQ((*ticks)[1].Elapsed(), wall1);
  EXPECT_EQ((*ticks)[0].v[kCpuIdle] + (*ticks)[1].v[kCpuIdle], 0u);
}

TEST(StatCpuTicks, RejectsBadVisibleSets) {
  ProcStat host = Host("host_2cpu.txt");
  EXPECT_EQ(ContainerCpuTicks(host, {}, {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ContainerCpuTicks(host, {1, 1}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ContainerCpuTicks(host, {0, 2}, {}).status().code(),  // offline CPU
            absl::StatusCode::kFailedPrecondition);
}

TEST(StatRender, CpuLineIsExactSumOfCpuNLines) {
  ProcStat host = Host("host_64cpu.txt");
  CpuReadings r;
  r.user_ns = 123456 * kNsPerTick;
  r.system_ns = 6543 * kNsPerTick;
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {1, 5, 7}, r);
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  absl::StatusOr<std::string> text = RenderStat(host, *ticks, std::nullopt);
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<ProcStat> reparsed = ParseProcStat(*text);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  ASSERT_EQ(reparsed->cpus.size(), 3u);
  for (size_t f = 0; f < kCpuFieldCount; ++f) {
    uint64_t sum = 0;
    for (const CpuStatLine& c : reparsed->cpus) sum += c.ticks.v[f];
    EXPECT_EQ(sum, reparsed->total.v[f]) << "column " << f;
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(reparsed->cpus[i].cpu, i);  // numbered from 0
  EXPECT_EQ(reparsed->total.v[kCpuUser], 123456u);
}

TEST(StatRender, KeepsHostCountersAndReplacesTaskCounts) {
  ProcStat host = Host("host_2cpu.txt");
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {1}, RecordedV1Readings());
  ASSERT_TRUE(ticks.ok());
  absl::StatusOr<std::string> text = RenderStat(host, *ticks, ProcessCounts{3, 1});
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<ProcStat> reparsed = ParseProcStat(*text);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  const std::vector<StatLine> host_others = host.Others();
  const std::vector<StatLine> others = reparsed->Others();
  ASSERT_EQ(others.size(), host_others.size());
  for (size_t i = 0; i < host_others.size(); ++i) {
    const StatLine& got = others[i];
    EXPECT_EQ(got.key, host_others[i].key);
    if (got.key == "procs_running") {
      EXPECT_EQ(got.values, std::vector<uint64_t>{3});
    } else if (got.key == "procs_blocked") {
      EXPECT_EQ(got.values, std::vector<uint64_t>{1});
    } else {
      EXPECT_EQ(got.values, host_others[i].values) << got.key;
    }
  }
  // Without container counts the host's stay.
  text = RenderStat(host, *ticks, std::nullopt);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(ParseProcStat(*text)->Value("procs_running"), host.Value("procs_running"));
}

TEST(StatRender, HostTicksReproduceTheHostFileByteForByte) {
  const std::string original = Fixture("host_64cpu.txt");
  ProcStat host = Host("host_64cpu.txt");
  std::vector<CpuTicks> ticks;
  for (const CpuStatLine& c : host.cpus) ticks.push_back(c.ticks);
  absl::StatusOr<std::string> text = RenderStat(host, ticks, std::nullopt);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, original);
}

TEST(StatRender, KeepsTheHostColumnCount) {
  absl::StatusOr<ProcStat> host =
      ParseProcStat("cpu  10 0 5 100 1 0 0\ncpu0 5 0 2 50 1 0 0\ncpu1 5 0 3 50 0 0 0\nctxt 7\n");
  ASSERT_TRUE(host.ok());
  CpuReadings r;
  r.user_ns = 4 * kNsPerTick;
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(*host, {1}, r);
  ASSERT_TRUE(ticks.ok());
  EXPECT_EQ(*RenderStat(*host, *ticks, std::nullopt),
            "cpu  4 0 0 54 0 0 0\ncpu0 4 0 0 54 0 0 0\nctxt 7\n");
}

TEST(StatRender, ReplacesOnlyTheTaskCountKeys) {
  absl::StatusOr<ProcStat> host = ParseProcStat(
      "cpu  1 0 1 8\ncpu0 1 0 1 8\nprocesses 9\nprocs_running 3\nxprocs_running 4\n"
      "procs_runningx 5\nprocs_blocked 6\nprocs_running 7\n");
  ASSERT_TRUE(host.ok()) << host.status();
  std::vector<CpuTicks> ticks(1);
  EXPECT_EQ(*RenderStat(*host, ticks, ProcessCounts{11, 12}),
            "cpu  0 0 0 0\ncpu0 0 0 0 0\nprocesses 9\nprocs_running 11\nxprocs_running 4\n"
            "procs_runningx 5\nprocs_blocked 12\nprocs_running 11\n");
}

TEST(StatRender, MatchesGoldenForRecordedV1Container) {
  // The recorded 2-CPU host and its cpuacct numbers, container pinned to CPU 1.
  ProcStat host = Host("host_2cpu.txt");
  absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, {1}, RecordedV1Readings());
  ASSERT_TRUE(ticks.ok()) << ticks.status();
  absl::StatusOr<std::string> text = RenderStat(host, *ticks, ProcessCounts{1, 0});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, Fixture("golden_v1_cpuset1.txt"));
}

TEST(StatRender, RejectsEmptyCpuList) {
  ProcStat host = Host("host_2cpu.txt");
  EXPECT_FALSE(RenderStat(host, {}, std::nullopt).ok());
}

}  // namespace
}  // namespace procview
