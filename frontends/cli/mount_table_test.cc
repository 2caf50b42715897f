// mount_table_test.cc: mountinfo parsing on text recorded in a runc
// container that has procview's files bind-mounted.
#include "frontends/cli/mount_table.h"

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

// Recorded from /proc/PID/mountinfo of a runc container (trimmed), plus the
// host's daemon mount line and a path with an escaped space.
constexpr char kContainerMountinfo[] =
    "246 170 0:45 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n"
    "247 246 0:50 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
    "90 26 0:41 / /var/lib/procview rw,nosuid,nodev,relatime - fuse.procview procview "
    "rw,user_id=0,group_id=0,allow_other\n"
    "181 247 0:41 /proc/cpuinfo /proc/cpuinfo rw,nosuid,nodev,relatime - fuse.procview procview "
    "rw,user_id=0,group_id=0,allow_other\n"
    "171 246 0:41 /sys/devices/system/cpu/online /sys/devices/system/cpu/online "
    "rw,nosuid,nodev,relatime shared:5 master:1 - fuse.procview procview rw,user_id=0\n"
    "300 246 0:60 / /mnt/with\\040space rw - tmpfs tmp\\134fs rw\n"
    "301 246 0:41 /proc/meminfo /proc/meminfo rw - fuse.lxcfs lxcfs rw\n";

TEST(MountTable, ParsesFieldsAndOptionalTags) {
  absl::StatusOr<std::vector<MountEntry>> mounts = ParseMountInfo(kContainerMountinfo);
  ASSERT_TRUE(mounts.ok()) << mounts.status();
  ASSERT_EQ(mounts->size(), 7u);
  const MountEntry& online = (*mounts)[4];
  EXPECT_EQ(online.id, 171);
  EXPECT_EQ(online.parent_id, 246);
  EXPECT_EQ(online.root, "/sys/devices/system/cpu/online");
  EXPECT_EQ(online.mount_point, "/sys/devices/system/cpu/online");
  EXPECT_EQ(online.fstype, "fuse.procview");
  EXPECT_EQ(online.source, "procview");
}

TEST(MountTable, DecodesOctalEscapes) {
  absl::StatusOr<std::vector<MountEntry>> mounts = ParseMountInfo(kContainerMountinfo);
  ASSERT_TRUE(mounts.ok());
  EXPECT_EQ((*mounts)[5].mount_point, "/mnt/with space");
  EXPECT_EQ((*mounts)[5].source, "tmp\\fs");
}

TEST(MountTable, BindMountsAreProcviewFilesNotTheDaemonMount) {
  absl::StatusOr<std::vector<MountEntry>> mounts = ParseMountInfo(kContainerMountinfo);
  ASSERT_TRUE(mounts.ok());
  std::vector<MountEntry> binds = ProcviewBindMounts(*mounts);
  ASSERT_EQ(binds.size(), 2u);  // not the daemon's "/" mount, not lxcfs
  EXPECT_EQ(binds[0].mount_point, "/proc/cpuinfo");
  EXPECT_EQ(binds[1].mount_point, "/sys/devices/system/cpu/online");
}

TEST(MountTable, MountAtFindsTheTopmostMount) {
  absl::StatusOr<std::vector<MountEntry>> mounts =
      ParseMountInfo("1 0 0:1 / /x rw - tmpfs a rw\n2 1 0:2 / /x rw - fuse.procview procview rw\n");
  ASSERT_TRUE(mounts.ok());
  ASSERT_NE(MountAt(*mounts, "/x"), nullptr);
  EXPECT_EQ(MountAt(*mounts, "/x")->id, 2);
  EXPECT_EQ(MountAt(*mounts, "/y"), nullptr);
}

TEST(MountTable, RejectsLinesWithoutSeparatorOrId) {
  EXPECT_FALSE(ParseMountInfo("1 0 0:1 / /x rw tmpfs a rw\n").ok());
  EXPECT_FALSE(ParseMountInfo("1 0 0:1 / /x rw - tmpfs\n").ok());
  EXPECT_FALSE(ParseMountInfo("x 0 0:1 / /x rw - tmpfs a rw\n").ok());
  EXPECT_FALSE(ParseMountInfo("1 0 0:1\n").ok());
}

}  // namespace
}  // namespace procview::cli
