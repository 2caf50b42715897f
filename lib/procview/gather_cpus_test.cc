// gather_cpus_test.cc: where the host's online CPUs come from.
#include "lib/procview/gather_cpus.h"

#include <gtest/gtest.h>

#include <vector>

#include "lib/procview/source/fake_sources.h"

namespace procview {
namespace {

constexpr char kStat[] = "cpu  1 2 3 4 5 6 7 0 0 0\ncpu0 1 2 3 4 5 6 7 0 0 0\n"
                         "cpu2 1 2 3 4 5 6 7 0 0 0\nintr 0\n";

TEST(HostOnlineCpus, SysfsListFirst) {
  MapHost host;
  host.sys["devices/system/cpu/online"] = "0-1,3\n";
  host.proc["stat"] = kStat;
  EXPECT_EQ(*HostOnlineCpus(host), (std::vector<int>{0, 1, 3}));
}

TEST(HostOnlineCpus, ProcStatWhereSysfsIsMissingOrNoList) {
  MapHost host;
  host.proc["stat"] = kStat;
  EXPECT_EQ(*HostOnlineCpus(host), (std::vector<int>{0, 2}));  // no sysfs file
  for (const char* bad : {"", "\n", "zero\n", "3-1\n"}) {
    host.sys["devices/system/cpu/online"] = bad;
    absl::StatusOr<std::vector<int>> cpus = HostOnlineCpus(host);
    ASSERT_TRUE(cpus.ok()) << bad << ": " << cpus.status();
    EXPECT_EQ(*cpus, (std::vector<int>{0, 2})) << bad;
  }
}

TEST(HostOnlineCpus, NeitherIsAnError) {
  MapHost host;
  EXPECT_FALSE(HostOnlineCpus(host).ok());
}

TEST(ContainerCpusIfCpusetOnline, TheCpusetOrItsFirstCpusUnderAQuota) {
  CpuReadings cpu;
  Options options;
  EXPECT_FALSE(ContainerCpusIfCpusetOnline(options, cpu).has_value());  // cpuset unknown
  cpu.cpuset = {2, 4, 6};
  EXPECT_EQ(*ContainerCpusIfCpusetOnline(options, cpu), (std::vector<int>{2, 4, 6}));
  cpu.quota_cpus = 1.5;
  EXPECT_EQ(*ContainerCpusIfCpusetOnline(options, cpu), (std::vector<int>{2, 4, 6}));
  options.cpu_view_from_quota = true;
  EXPECT_EQ(*ContainerCpusIfCpusetOnline(options, cpu), (std::vector<int>{2, 4}));
}

}  // namespace
}  // namespace procview
