// mount_health_test.cc: how a mount table and a probe outcome become a
// health verdict.
#include "frontends/cli/mount_health.h"

#include <errno.h>

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

std::vector<MountEntry> Table(const char* text) {
  absl::StatusOr<std::vector<MountEntry>> mounts = ParseMountInfo(text);
  EXPECT_TRUE(mounts.ok()) << mounts.status();
  return mounts.ok() ? *mounts : std::vector<MountEntry>{};
}

constexpr char kMounted[] =
    "26 1 0:30 / / rw - ext4 /dev/vda1 rw\n"
    "90 26 0:41 / /var/lib/procview rw,nosuid - fuse.procview procview rw\n";

TEST(MountHealth, HealthyWhenMountedAndProbeReads) {
  EXPECT_EQ(JudgeMount(Table(kMounted), "/var/lib/procview", 0).state, MountState::kHealthy);
}

TEST(MountHealth, DeadWhenProbeFailsWithEnotconn) {
  const MountHealth health = JudgeMount(Table(kMounted), "/var/lib/procview", ENOTCONN);
  EXPECT_EQ(health.state, MountState::kDead);
  EXPECT_NE(health.message.find("daemon is gone"), std::string::npos);
}

TEST(MountHealth, HungWhenProbeTimesOut) {
  EXPECT_EQ(JudgeMount(Table(kMounted), "/var/lib/procview", -1).state, MountState::kHung);
}

TEST(MountHealth, NotMountedForPlainDirectoryOrOtherFilesystem) {
  EXPECT_EQ(JudgeMount(Table(kMounted), "/srv/procview", 0).state, MountState::kNotMounted);
  const MountHealth other = JudgeMount(
      Table("90 26 0:41 / /var/lib/lxcfs rw - fuse.lxcfs lxcfs rw\n"), "/var/lib/lxcfs", 0);
  EXPECT_EQ(other.state, MountState::kNotMounted);
  EXPECT_NE(other.message.find("fuse.lxcfs"), std::string::npos);
}

TEST(MountHealth, NormalizeRootDropsTrailingSlashes) {
  EXPECT_EQ(NormalizeRoot("/var/lib/procview//"), "/var/lib/procview");
  EXPECT_EQ(NormalizeRoot("/"), "/");
}

}  // namespace
}  // namespace procview::cli
