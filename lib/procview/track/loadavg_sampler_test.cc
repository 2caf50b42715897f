// Tests of the per-container loadavg: the kernel's formula, expiry, threading.
#include "lib/procview/track/loadavg_sampler.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"

namespace procview {
namespace {

// Steps all three averages `ticks` times at a constant number of active tasks.
std::array<uint64_t, 3> ConstantLoad(std::array<uint64_t, 3> a, uint64_t tasks, int ticks) {
  for (int i = 0; i < ticks; ++i) {
    a[0] = CalcLoad(a[0], kLoadExp1, tasks * kLoadFixed1);
    a[1] = CalcLoad(a[1], kLoadExp5, tasks * kLoadFixed1);
    a[2] = CalcLoad(a[2], kLoadExp15, tasks * kLoadFixed1);
  }
  return a;
}

std::string Averages(const std::array<uint64_t, 3>& a) {
  absl::StatusOr<std::string> text = RenderLoadavg({a, 0, 0, 0});
  return text.ok() ? text->substr(0, text->find(" 0/")) : text.status().ToString();
}

TEST(CalcLoad, OneTaskForOneMinuteGivesTheKernels063) {
  // 12 ticks of 5 s: 1 - 1/e = 0.632 on the 1 minute average.
  std::array<uint64_t, 3> a = ConstantLoad({0, 0, 0}, 1, 12);
  EXPECT_EQ(a[0], 1299u);
  EXPECT_EQ(Averages(a), "0.63 0.18 0.06");
}

TEST(CalcLoad, EachAverageReaches063AfterItsOwnPeriod) {
  EXPECT_EQ(Averages(ConstantLoad({0, 0, 0}, 1, 60)), "1.00 0.64 0.29");   // 5 min
  EXPECT_EQ(Averages(ConstantLoad({0, 0, 0}, 1, 180)), "1.00 0.96 0.65");  // 15 min
}

TEST(CalcLoad, ConstantLoadIsReachedExactly) {
  // Rounding up while rising (kernel commit "Fix loadavg artifacts") lets a
  // steady load of 4 read exactly 4.00 instead of creeping below it.
  std::array<uint64_t, 3> a = ConstantLoad({0, 0, 0}, 4, 2000);
  EXPECT_EQ(a, (std::array<uint64_t, 3>{4 * kLoadFixed1, 4 * kLoadFixed1, 4 * kLoadFixed1}));
}

TEST(CalcLoad, IdleDecaysTowardsZero) {
  std::array<uint64_t, 3> a = ConstantLoad({kLoadFixed1, kLoadFixed1, kLoadFixed1}, 0, 12);
  EXPECT_EQ(Averages(a), "0.37 0.82 0.94");  // e^-1, e^-1/5, e^-1/15
  a = ConstantLoad(a, 0, 5000);
  EXPECT_EQ(a, (std::array<uint64_t, 3>{0, 0, 0}));
}

// A fake host: task counts per container, a clock, and a count of lookups.
struct FakeHost {
  absl::flat_hash_map<std::string, TaskCounts> tasks;
  absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  int lookups = 0;

  LoadavgSampler::CountTasks Counter() {
    return [this](const std::string& key) -> absl::StatusOr<TaskCounts> {
      ++lookups;
      auto it = tasks.find(key);
      if (it == tasks.end()) return absl::NotFoundError(key);
      return it->second;
    };
  }
  LoadavgSampler::Clock Clock() {
    return [this] { return now; };
  }
};

std::string Render(LoadavgSampler& sampler, const std::string& key) {
  absl::StatusOr<LoadavgValues> v = sampler.Read(key);
  if (!v.ok()) return v.status().ToString();
  absl::StatusOr<std::string> text = RenderLoadavg(*v);
  return text.ok() ? *text : text.status().ToString();
}

TEST(LoadavgSampler, FirstReadShowsZeroLoadAndCurrentTasks) {
  FakeHost host;
  host.tasks["web"] = {2, 1, 40, 321};
  LoadavgSampler sampler({}, host.Counter(), host.Clock(), std::make_unique<ManualTicker>());
  EXPECT_EQ(Render(sampler, "web"), "0.00 0.00 0.00 2/40 321\n");
}

TEST(LoadavgSampler, CountsRunnableAndUninterruptibleTasks) {
  FakeHost host;
  host.tasks["web"] = {1, 1, 10, 5};  // 1 R + 1 D = load 2
  LoadavgSampler sampler({}, host.Counter(), host.Clock(), std::make_unique<ManualTicker>());
  ASSERT_TRUE(sampler.Read("web").ok());
  for (int i = 0; i < 12; ++i) {
    host.now += kLoadSampleInterval;
    sampler.SampleOnce();
  }
  std::array<uint64_t, 3> expected = ConstantLoad({0, 0, 0}, 2, 12);
  EXPECT_EQ(sampler.Read("web")->avenrun, expected);
  EXPECT_EQ(Render(sampler, "web"), Averages(expected) + " 1/10 5\n");
}

TEST(LoadavgSampler, ContainersNotReadExpireAndCostNothing) {
  FakeHost host;
  for (int i = 0; i < 100; ++i) host.tasks["c" + std::to_string(i)] = {1, 0, 1, 1};
  LoadavgSampler sampler({absl::Minutes(1), 4096}, host.Counter(), host.Clock(),
                         std::make_unique<ManualTicker>());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(sampler.Read("c" + std::to_string(i)).ok());
  EXPECT_EQ(sampler.size(), 100u);
  host.now += absl::Seconds(50);
  ASSERT_TRUE(sampler.Read("c7").ok());  // only c7 keeps being read
  host.now += absl::Seconds(20);
  host.lookups = 0;
  sampler.SampleOnce();
  EXPECT_EQ(sampler.size(), 1u);
  EXPECT_EQ(host.lookups, 1);  // the 99 idle containers were not counted
}

TEST(LoadavgSampler, ContainerThatCannotBeCountedIsDropped) {
  FakeHost host;
  host.tasks["gone"] = {1, 0, 1, 1};
  LoadavgSampler sampler({}, host.Counter(), host.Clock(), std::make_unique<ManualTicker>());
  ASSERT_TRUE(sampler.Read("gone").ok());
  host.tasks.erase("gone");
  sampler.SampleOnce();
  EXPECT_EQ(sampler.size(), 0u);
  EXPECT_EQ(sampler.Read("gone").status().code(), absl::StatusCode::kNotFound);
}

TEST(LoadavgSampler, KeepsAtMostMaxContainers) {
  FakeHost host;
  for (const char* key : {"a", "b", "c"}) host.tasks[key] = {1, 0, 1, 1};
  LoadavgSampler sampler({absl::Minutes(10), 2}, host.Counter(), host.Clock(),
                         std::make_unique<ManualTicker>());
  ASSERT_TRUE(sampler.Read("a").ok());
  host.now += absl::Seconds(1);
  ASSERT_TRUE(sampler.Read("b").ok());
  host.now += absl::Seconds(1);
  sampler.SampleOnce();                 // a and b now have load
  ASSERT_TRUE(sampler.Read("a").ok());  // b is now the least recently read
  ASSERT_TRUE(sampler.Read("c").ok());
  EXPECT_EQ(sampler.size(), 2u);
  EXPECT_GT(sampler.Read("a")->avenrun[0], 0u);  // kept
  EXPECT_EQ(sampler.Read("b")->avenrun[0], 0u);  // evicted, starts afresh
}

TEST(LoadavgSampler, BackgroundThreadSamplesOnEachTick) {
  FakeHost host;
  host.tasks["web"] = {1, 0, 3, 9};
  auto ticker = std::make_unique<ManualTicker>();
  ManualTicker* tick = ticker.get();
  LoadavgSampler sampler({}, host.Counter(), host.Clock(), std::move(ticker));
  ASSERT_TRUE(sampler.Read("web").ok());
  sampler.Start();
  for (int i = 0; i < 12; ++i) tick->Tick();
  ASSERT_TRUE(sampler.AwaitTicks(12, absl::Seconds(30)));
  sampler.Stop();
  EXPECT_EQ(Render(sampler, "web"), "0.63 0.18 0.06 1/3 9\n");
  EXPECT_EQ(sampler.ticks_done(), 12u);
  sampler.Stop();  // twice is fine
}

TEST(LoadavgSampler, StopEndsARealTickerWithoutWaitingForTheInterval) {
  FakeHost host;
  LoadavgSampler sampler({}, host.Counter(), host.Clock(),
                         std::make_unique<IntervalTicker>(absl::Hours(1)));
  sampler.Start();
  const absl::Time start = absl::Now();
  sampler.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(30));
  EXPECT_EQ(sampler.ticks_done(), 0u);
}

// Fails by crashing (a joinable std::thread destroyed) or hanging.
TEST(LoadavgSampler, DestroysCleanlyWhetherStartedOrNot) {
  FakeHost host;
  { LoadavgSampler never_started({}, host.Counter()); }
  {
    LoadavgSampler started({}, host.Counter(), host.Clock(), std::make_unique<ManualTicker>());
    started.Start();
  }
}

}  // namespace
}  // namespace procview
