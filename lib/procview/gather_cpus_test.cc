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

}  // namespace
}  // namespace procview
