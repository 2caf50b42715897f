// Tests of CpuHistory: counters never go backwards, rates stay exact, bounded.
#include "lib/procview/track/cpu_history.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "lib/procview/render/stat.h"

namespace procview {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);

CpuTicks Ticks(uint64_t user, uint64_t system, uint64_t idle) {
  CpuTicks t;
  t.v[kCpuUser] = user;
  t.v[kCpuSystem] = system;
  t.v[kCpuIdle] = idle;
  return t;
}

CpuTicks Sum(const std::vector<CpuTicks>& cpus) {
  CpuTicks total;
  for (const CpuTicks& c : cpus) {
    for (size_t f = 0; f < kCpuFieldCount; ++f) total.v[f] += c.v[f];
  }
  return total;
}

void ExpectNotBelow(const CpuTicks& now, const CpuTicks& before, const std::string& what) {
  for (size_t f = 0; f < kCpuFieldCount; ++f) {
    EXPECT_GE(now.v[f], before.v[f]) << what << " column " << f;
  }
}

TEST(CpuHistory, RisingInputsPassThroughWithExactRates) {
  CpuHistory history;
  std::vector<CpuTicks> first = {Ticks(10, 5, 100), Ticks(20, 6, 90)};
  EXPECT_EQ(history.Apply("c", {0, 1}, first, kT0), first);
  std::vector<CpuTicks> second = {Ticks(15, 5, 195), Ticks(30, 7, 180)};
  EXPECT_EQ(history.Apply("c", {0, 1}, second, kT0 + absl::Seconds(1)), second);
}

TEST(CpuHistory, KernelCounterResetContinuesFromLastValue) {
  CpuHistory history;
  history.Apply("c", {0}, {Ticks(1000, 500, 100)}, kT0);
  // cpuacct.usage was reset: usage drops, idle jumps.
  std::vector<CpuTicks> out = history.Apply("c", {0}, {Ticks(2, 1, 1698)}, kT0);
  EXPECT_EQ(out[0], Ticks(1000, 500, 1698));
  // From the new base, rises count again.
  out = history.Apply("c", {0}, {Ticks(12, 4, 1788)}, kT0);
  EXPECT_EQ(out[0], Ticks(1010, 503, 1788));
}

TEST(CpuHistory, ARecreatedContainerStartsFromItsOwnCounters) {
  CpuHistory history;
  const CpuHistory::Instance old_init{42, 1000};
  history.Apply("c", old_init, {0}, {Ticks(1000, 500, 100)}, kT0);
  // An unknown instance (init unreadable) continues the key's history.
  std::vector<CpuTicks> out = history.Apply("c", std::nullopt, {0}, {Ticks(2, 1, 1698)}, kT0);
  EXPECT_EQ(out[0], Ticks(1000, 500, 1698));
  // The same pid, started later: another container, whose inputs stand.
  const CpuHistory::Instance new_init{42, 5000};
  out = history.Apply("c", new_init, {0}, {Ticks(3, 1, 10)}, kT0);
  EXPECT_EQ(out[0], Ticks(3, 1, 10));
  out = history.Apply("c", new_init, {0}, {Ticks(1, 1, 20)}, kT0);
  EXPECT_EQ(out[0], Ticks(3, 1, 20));
  EXPECT_EQ(history.size(), 1u);
}

TEST(CpuHistory, HiddenCpuFoldsIntoRemainingLinesAndComesBackWhereItWas) {
  CpuHistory history;
  history.Apply("c", {0, 1, 2}, {Ticks(10, 10, 10), Ticks(20, 20, 20), Ticks(31, 0, 5)}, kT0);
  // The view shrinks to one CPU: cpu1 and cpu2 fold into cpu0.
  std::vector<CpuTicks> out = history.Apply("c", {0}, {Ticks(11, 10, 10)}, kT0);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], Ticks(11 + 20 + 31, 10 + 20, 10 + 20 + 5));
  // cpu1 comes back (now host CPU 1 again): no lower than it last showed.
  out = history.Apply("c", {0, 1}, {Ticks(12, 10, 10), Ticks(25, 25, 25)}, kT0);
  EXPECT_EQ(out[0], Ticks(63, 30, 35));
  EXPECT_EQ(out[1], Ticks(20, 20, 20));
}

TEST(CpuHistory, LineMovedToAnotherHostCpuDoesNotJump) {
  CpuHistory history;
  history.Apply("c", {0}, {Ticks(10, 10, 1000)}, kT0);
  // cpuset moved the container from host CPU 0 to host CPU 7, whose wall time
  // is much larger: cpu0 continues where it was.
  std::vector<CpuTicks> out = history.Apply("c", {7}, {Ticks(12, 10, 900000)}, kT0);
  EXPECT_EQ(out[0], Ticks(10, 10, 1000));
  out = history.Apply("c", {7}, {Ticks(13, 11, 900100)}, kT0);
  EXPECT_EQ(out[0], Ticks(11, 11, 1100));
}

TEST(CpuHistory, ContainersAreIndependent) {
  CpuHistory history;
  history.Apply("a", {0}, {Ticks(1000, 1000, 1000)}, kT0);
  std::vector<CpuTicks> b = {Ticks(1, 1, 1)};
  EXPECT_EQ(history.Apply("b", {0}, b, kT0), b);
}

// The property: whatever the inputs, between any two reads no column of any
// line that is shown in both, and no column of the `cpu` sum, decreases; a
// line that comes back is never below what it last showed.
TEST(CpuHistory, NoCounterEverDecreasesUnderArbitraryInputs) {
  std::mt19937_64 rng(20261122);
  for (int trial = 0; trial < 300; ++trial) {
    CpuHistory history;
    std::vector<CpuTicks> last_shown(8);
    std::vector<bool> ever_shown(8, false);
    CpuTicks last_sum;
    for (int read = 0; read < 20; ++read) {
      const size_t n = 1 + rng() % 8;
      std::vector<int> host_cpus;
      std::vector<CpuTicks> in(n);
      for (size_t i = 0; i < n; ++i) {
        host_cpus.push_back(static_cast<int>(rng() % 16));
        for (uint64_t& v : in[i].v) v = rng() % (read % 3 == 0 ? 100 : 1'000'000);
      }
      std::vector<CpuTicks> out = history.Apply("c", host_cpus, in, kT0 + absl::Seconds(read));
      ASSERT_EQ(out.size(), n);
      const std::string where = "trial " + std::to_string(trial) + " read " + std::to_string(read);
      for (size_t i = 0; i < n; ++i) {
        if (ever_shown[i])
          ExpectNotBelow(out[i], last_shown[i], where + " cpu" + std::to_string(i));
        last_shown[i] = out[i];
        ever_shown[i] = true;
      }
      const CpuTicks sum = Sum(out);
      ExpectNotBelow(sum, last_sum, where + " cpu sum");
      last_sum = sum;
      if (HasFailure()) return;
    }
  }
}

// A host /proc/stat of `ncpus` CPUs whose lines cover `wall` ticks each.
ProcStat RandomHost(std::mt19937_64& rng, int ncpus, uint64_t wall) {
  ProcStat host;
  for (int c = 0; c < ncpus; ++c) {
    CpuStatLine line{c, {}};
    line.ticks.v[kCpuUser] = rng() % (wall / 2);
    line.ticks.v[kCpuSystem] = rng() % (wall / 4);
    line.ticks.v[kCpuIdle] = wall - line.ticks.v[kCpuUser] - line.ticks.v[kCpuSystem];
    host.cpus.push_back(line);
  }
  host.SetOthers("ctxt " + std::to_string(rng() % 1000) + "\nbtime 1795354606\n");
  return host;
}

// The same property end to end: rendered /proc/stat texts, read in turn, never
// show a smaller number in any cpu column, whatever the host and cgroup do
// between the reads (CPUs added and removed from the cpuset, quota views
// shrinking and growing, cpuacct counters reset, v1 and v2 accounting).
TEST(CpuHistory, RenderedStatNeverGoesBackwards) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    CpuHistory history;
    uint64_t wall = 1'000'000;
    std::vector<ProcStat> texts;
    for (int read = 0; read < 12; ++read) {
      wall += rng() % 2000;
      ProcStat host = RandomHost(rng, 8, wall);
      std::vector<int> visible;
      for (int c = 0; c < 8; ++c) {
        if (rng() % 2) visible.push_back(c);
      }
      if (visible.empty()) visible.push_back(static_cast<int>(rng() % 8));
      CpuReadings cpu;
      if (rng() % 2) {  // v1: per-CPU accounting, on any host CPU
        for (int c = 0; c < 8; ++c) {
          cpu.per_cpu.push_back({c, rng() % (wall * kNsPerTick), rng() % (wall * kNsPerTick)});
        }
      } else {  // v2: totals only
        cpu.user_ns = rng() % (8 * wall * kNsPerTick);
        cpu.system_ns = rng() % (8 * wall * kNsPerTick);
      }
      absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, visible, cpu);
      ASSERT_TRUE(ticks.ok()) << ticks.status();
      std::vector<CpuTicks> tracked =
          history.Apply("c", visible, *ticks, kT0 + absl::Seconds(read));
      absl::StatusOr<std::string> text = RenderStat(host, tracked, std::nullopt);
      ASSERT_TRUE(text.ok()) << text.status();
      absl::StatusOr<ProcStat> shown = ParseProcStat(*text);
      ASSERT_TRUE(shown.ok()) << shown.status();
      const std::string where = "trial " + std::to_string(trial) + " read " + std::to_string(read);
      for (const ProcStat& earlier : texts) {
        ExpectNotBelow(shown->total, earlier.total, where + " cpu");
        for (const CpuStatLine& line : shown->cpus) {
          if (const CpuStatLine* before = earlier.FindCpu(line.cpu)) {
            ExpectNotBelow(line.ticks, before->ticks, where + " cpu" + std::to_string(line.cpu));
          }
        }
      }
      if (HasFailure()) return;
      texts.push_back(*shown);
    }
  }
}

TEST(CpuHistory, IdleContainersExpire) {
  CpuHistory history(CpuHistory::Options{absl::Minutes(1), 100});
  history.Apply("old", {0}, {Ticks(1000, 0, 0)}, kT0);
  history.Apply("new", {0}, {Ticks(1, 0, 0)}, kT0 + absl::Seconds(50));
  EXPECT_EQ(history.size(), 2u);
  history.Apply("new", {0}, {Ticks(2, 0, 0)}, kT0 + absl::Seconds(90));
  EXPECT_EQ(history.size(), 1u);
  // "old" starts afresh: its input stands.
  std::vector<CpuTicks> fresh = {Ticks(5, 0, 0)};
  EXPECT_EQ(history.Apply("old", {0}, fresh, kT0 + absl::Seconds(91)), fresh);
}

TEST(CpuHistory, KeepsAtMostMaxContainersDroppingLeastRecentlyRead) {
  CpuHistory history(CpuHistory::Options{absl::Hours(1), 3});
  for (const char* key : {"a", "b", "c"}) history.Apply(key, {0}, {Ticks(100, 0, 0)}, kT0);
  history.Apply("a", {0}, {Ticks(100, 0, 0)}, kT0);  // a is now the most recent
  history.Apply("d", {0}, {Ticks(100, 0, 0)}, kT0);  // evicts b
  EXPECT_EQ(history.size(), 3u);
  std::vector<CpuTicks> lower = {Ticks(1, 0, 0)};
  EXPECT_EQ(history.Apply("b", {0}, lower, kT0), lower);                // forgotten
  EXPECT_EQ(history.Apply("a", {0}, lower, kT0)[0].v[kCpuUser], 100u);  // remembered
}

// A container read twice in a row is found without a lookup; an entry
// added or dropped in between must not leave it pointing at another one.
TEST(CpuHistory, RepeatedReadsFindTheirOwnEntry) {
  CpuHistory history(CpuHistory::Options{absl::Hours(1), 1});
  history.Apply("a", {0}, {Ticks(100, 0, 0)}, kT0);
  EXPECT_EQ(history.Apply("a", {0}, {Ticks(90, 0, 0)}, kT0)[0].v[kCpuUser], 100u);
  history.Apply("b", {0}, {Ticks(500, 0, 0)}, kT0);  // evicts a (one container at most)
  std::vector<CpuTicks> lower = {Ticks(1, 0, 0)};
  EXPECT_EQ(history.Apply("a", {0}, lower, kT0), lower);  // a afresh, not b's entry
  EXPECT_EQ(history.Apply("a", {0}, {Ticks(3, 0, 0)}, kT0)[0].v[kCpuUser], 3u);
  EXPECT_EQ(history.size(), 1u);
  // Without eviction: a key read after another is looked up again.
  CpuHistory two;
  two.Apply("a", {0}, {Ticks(100, 0, 0)}, kT0);
  two.Apply("b", {0}, {Ticks(7, 0, 0)}, kT0);
  EXPECT_EQ(two.Apply("a", {0}, lower, kT0)[0].v[kCpuUser], 100u);
  EXPECT_EQ(two.Apply("b", {0}, lower, kT0)[0].v[kCpuUser], 7u);
}

TEST(CpuHistory, MismatchedSizesComeBackUnchanged) {
  CpuHistory history;
  std::vector<CpuTicks> in = {Ticks(1, 2, 3)};
  EXPECT_EQ(history.Apply("c", {0, 1}, in, kT0), in);
  EXPECT_EQ(history.size(), 0u);
}

TEST(CpuHistory, ConcurrentReadersStayMonotonic) {
  CpuHistory history;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&history, t] {
      const std::string key = "c" + std::to_string(t % 2);
      uint64_t last = 0;
      for (uint64_t i = 0; i < 2000; ++i) {
        // Inputs from two threads interleave out of order per key.
        std::vector<CpuTicks> out = history.Apply(key, {0}, {Ticks(i * (t + 1), 0, 0)}, kT0);
        EXPECT_GE(out[0].v[kCpuUser], last);
        last = out[0].v[kCpuUser];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(history.size(), 2u);
}

}  // namespace
}  // namespace procview
