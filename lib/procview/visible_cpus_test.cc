// visible_cpus_test.cc: the one rule for which CPUs a container sees.
#include "lib/procview/visible_cpus.h"

#include <gtest/gtest.h>

namespace procview {
namespace {

CpuReadings WithCpuset(std::vector<int> cpuset, std::optional<double> quota = std::nullopt) {
  CpuReadings cpu;
  cpu.cpuset.assign(cpuset.begin(), cpuset.end());
  cpu.quota_cpus = quota;
  return cpu;
}

TEST(VisibleHostCpus, IsTheCpusetInHostOrder) {
  EXPECT_EQ(VisibleHostCpus(WithCpuset({2, 5}), {0, 1, 2, 3, 4, 5, 6, 7}, false),
            (std::vector<int>{2, 5}));
}

TEST(VisibleHostCpus, LeavesOutOfflineCpusOfTheCpuset) {
  EXPECT_EQ(VisibleHostCpus(WithCpuset({1, 2, 3}), {0, 1, 3}, false), (std::vector<int>{1, 3}));
}

TEST(VisibleHostCpus, UnknownCpusetIsEveryOnlineCpu) {
  EXPECT_EQ(VisibleHostCpus(WithCpuset({}), {0, 1}, false), (std::vector<int>{0, 1}));
  EXPECT_EQ(VisibleHostCpus(WithCpuset({9}), {0, 1}, false), (std::vector<int>{0, 1}));
}

TEST(VisibleHostCpus, QuotaCountsOnlyWithTheOption) {
  const CpuReadings cpu = WithCpuset({0, 1, 2, 3}, 1.5);
  EXPECT_EQ(VisibleHostCpus(cpu, {0, 1, 2, 3}, false).size(), 4u);
  EXPECT_EQ(VisibleHostCpus(cpu, {0, 1, 2, 3}, true), (std::vector<int>{0, 1}));
}

TEST(VisibleHostCpus, QuotaNeverHidesEveryCpuNorAddsAny) {
  EXPECT_EQ(VisibleHostCpus(WithCpuset({3}, 0.1), {0, 1, 2, 3}, true), (std::vector<int>{3}));
  EXPECT_EQ(VisibleHostCpus(WithCpuset({0, 1}, 8.0), {0, 1, 2, 3}, true),
            (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace procview
