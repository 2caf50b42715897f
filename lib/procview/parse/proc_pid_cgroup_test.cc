// proc_pid_cgroup_test.cc: /proc/PID/cgroup text of v1, v2 and hybrid hosts.
#include "lib/procview/parse/proc_pid_cgroup.h"

#include <gtest/gtest.h>

#include "absl/status/status.h"

namespace procview {
namespace {

// Recorded on this machine (cgroup v1 with a cgroup2 mount at unified/).
constexpr char kHybrid[] =
    "9:name=systemd:/\n"
    "7:blkio:/pvrec-parent/web app:1\n"
    "4:memory:/pvrec-parent/web app:1\n"
    "3:cpuset:/pvrec-parent/web app:1\n"
    "2:cpuacct:/pvrec-parent/web app:1\n"
    "1:cpu:/pvrec-parent/web app:1\n"
    "0::/pvrec-parent/web app:1\n";

TEST(ParseProcPidCgroup, KeepsColonsAndSpacesInPaths) {
  absl::StatusOr<ProcPidCgroup> cg = ParseProcPidCgroup(kHybrid);
  ASSERT_TRUE(cg.ok()) << cg.status();
  EXPECT_EQ(cg->controllers.at("memory"), "/pvrec-parent/web app:1");
  EXPECT_EQ(cg->controllers.at("name=systemd"), "/");
  EXPECT_EQ(cg->unified, "/pvrec-parent/web app:1");
  EXPECT_EQ(cg->controllers.size(), 6u);
}

TEST(ParseProcPidCgroup, SplitsCoMountedControllers) {
  absl::StatusOr<ProcPidCgroup> cg =
      ParseProcPidCgroup("3:cpu,cpuacct:/lxc/c1\n2:net_cls,net_prio:/\n");
  ASSERT_TRUE(cg.ok()) << cg.status();
  EXPECT_EQ(cg->controllers.at("cpu"), "/lxc/c1");
  EXPECT_EQ(cg->controllers.at("cpuacct"), "/lxc/c1");
  EXPECT_EQ(cg->hierarchy_names.at("cpuacct"), "cpu,cpuacct");
  EXPECT_FALSE(cg->unified.has_value());
}

TEST(ParseProcPidCgroup, ReadsPureV2) {
  absl::StatusOr<ProcPidCgroup> cg =
      ParseProcPidCgroup("0::/system.slice/docker-0123abcd.scope\n");
  ASSERT_TRUE(cg.ok()) << cg.status();
  EXPECT_TRUE(cg->controllers.empty());
  EXPECT_EQ(cg->unified, "/system.slice/docker-0123abcd.scope");
}

TEST(ParseProcPidCgroup, RejectsMalformedLines) {
  for (const char* text : {"", "garbage\n", "4:memory\n", "x:memory:/a\n", "4:memory:a\n",
                           "4::/a\n", "4:memory:/a\nname\n:/b\n"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseProcPidCgroup(text).status())) << text;
  }
}

}  // namespace
}  // namespace procview
