// bind_mounts_test.cc: which files a mount root serves and where they go
// (the mounting itself is exercised by tests/integration/runtimes_test.py).
#include "frontends/cli/bind_mounts.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

void Touch(const std::string& path) {
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path;
  close(fd);
}

// A fake mount root laid out like procviewfs's.
std::string MakeTree() {
  std::string base = std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") +
                     "/tree.XXXXXX";
  EXPECT_NE(mkdtemp(base.data()), nullptr);
  for (const char* dir : {"/proc", "/proc/pressure", "/sys", "/sys/devices",
                          "/sys/devices/system", "/sys/devices/system/cpu", "/.procview"}) {
    mkdir((base + dir).c_str(), 0755);
  }
  for (const char* file : {"/proc/meminfo", "/proc/uptime", "/proc/pressure/cpu",
                           "/sys/devices/system/cpu/online", "/.procview/version",
                           "/proc/.hidden", "/toplevel"}) {
    Touch(base + file);
  }
  return base;
}

TEST(ServedFiles, ListsRegularFilesUnderProcAndSysSorted) {
  absl::StatusOr<std::vector<std::string>> files = ListServedFiles(MakeTree());
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(*files, (std::vector<std::string>{"proc/meminfo", "proc/pressure/cpu",
                                              "proc/uptime", "sys/devices/system/cpu/online"}));
}

TEST(ServedFiles, EmptyRootServesNothing) {
  std::string base = "/tmp/empty.XXXXXX";
  ASSERT_NE(mkdtemp(base.data()), nullptr);
  absl::StatusOr<std::vector<std::string>> files = ListServedFiles(base);
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
  rmdir(base.c_str());
}

TEST(BindPlans, TargetsMirrorTheLayoutUnderARoot) {
  const std::vector<std::string> served = {"proc/meminfo", "sys/devices/system/cpu/online"};
  std::vector<BindPlan> in_rootfs = PlansUnder(served, "/run/bundle/rootfs");
  ASSERT_EQ(in_rootfs.size(), 2u);
  EXPECT_EQ(in_rootfs[0].source, "proc/meminfo");
  EXPECT_EQ(in_rootfs[0].target, "/run/bundle/rootfs/proc/meminfo");
  EXPECT_EQ(PlansUnder(served, "/")[1].target, "/sys/devices/system/cpu/online");
}

TEST(BindPlans, CloneOfMissingSourceFails) {
  absl::StatusOr<std::vector<DetachedMount>> clones =
      CloneSources("/nonexistent-root", {{"proc/meminfo", "/proc/meminfo"}});
  EXPECT_FALSE(clones.ok());
}

}  // namespace
}  // namespace procview::cli
