// run_cgroup_test.cc: the control-file writes `procview run` makes, and
// finding its own groups in /proc/self/cgroup text recorded on a v1 host.
#include "frontends/cli/run_cgroup.h"

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

constexpr char kHybridSelfCgroup[] =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/b3e8ce3ddb36f07d11c95ef25faf031c\n"
    "3:cpuset:/\n2:cpu,cpuacct:/machine/a b\n0::/\n";

TEST(RunCgroup, FindsOwnGroupPerControllerAndOnV2) {
  EXPECT_EQ(OwnCgroup(kHybridSelfCgroup, "memory").value(),
            "/process_api/b3e8ce3ddb36f07d11c95ef25faf031c");
  EXPECT_EQ(OwnCgroup(kHybridSelfCgroup, "cpuacct").value(), "/machine/a b");
  EXPECT_EQ(OwnCgroup(kHybridSelfCgroup, "").value(), "/");
  EXPECT_TRUE(absl::IsNotFound(OwnCgroup(kHybridSelfCgroup, "blkio").status()));
}

TEST(RunCgroup, V1WritesLimitCpusetAndQuota) {
  CgroupLimits limits;
  limits.memory_bytes = 256u << 20;
  limits.cpus = "1";
  limits.cpu_quota_us = 50000;
  std::vector<CgroupWrite> writes = LimitWritesV1(limits);
  ASSERT_EQ(writes.size(), 4u);
  EXPECT_EQ(writes[0].file, "memory.limit_in_bytes");
  EXPECT_EQ(writes[0].value, "268435456");
  EXPECT_EQ(writes[1].controller, "cpuset");
  EXPECT_EQ(writes[2].file, "cpu.cfs_period_us");
  EXPECT_EQ(writes[3].value, "50000");
}

TEST(RunCgroup, V2WritesMemoryMaxAndCpuMax) {
  CgroupLimits limits;
  limits.memory_bytes = 1u << 30;
  limits.cpu_quota_us = 150000;
  std::vector<CgroupWrite> writes = LimitWritesV2(limits);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].file, "memory.max");
  EXPECT_EQ(writes[0].value, "1073741824");
  EXPECT_EQ(writes[1].file, "cpu.max");
  EXPECT_EQ(writes[1].value, "150000 100000");
}

TEST(RunCgroup, NoLimitsNoWrites) {
  EXPECT_TRUE(LimitWritesV1(CgroupLimits()).empty());
  EXPECT_TRUE(LimitWritesV2(CgroupLimits()).empty());
}

}  // namespace
}  // namespace procview::cli
