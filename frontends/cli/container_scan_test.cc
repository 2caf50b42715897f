// container_scan_test.cc: the /proc walk on a fake proc tree (mountinfo
// files and ns/mnt symlinks), and namespace link parsing.
#include "frontends/cli/container_scan.h"

#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "frontends/cli/namespaces.h"
#include "gtest/gtest.h"

namespace procview::cli {
namespace {

constexpr char kHostMounts[] =
    "26 1 0:30 / / rw - ext4 /dev/vda1 rw\n"
    "90 26 0:41 / /var/lib/procview rw - fuse.procview procview rw\n";
constexpr char kContainerMounts[] =
    "246 170 0:45 / / rw - overlay overlay rw\n"
    "181 246 0:41 /proc/meminfo /proc/meminfo rw - fuse.procview procview rw\n"
    "182 246 0:41 /proc/uptime /proc/uptime rw - fuse.procview procview rw\n";
constexpr char kPlainMounts[] = "300 1 0:45 / / rw - overlay overlay rw\n";

void AddProcess(const std::string& proc, int pid, uint64_t ns, const char* mountinfo) {
  const std::string dir = absl::StrCat(proc, "/", pid);
  mkdir(dir.c_str(), 0755);
  mkdir((dir + "/ns").c_str(), 0755);
  ASSERT_EQ(symlink(absl::StrCat("mnt:[", ns, "]").c_str(), (dir + "/ns/mnt").c_str()), 0);
  const int fd = open((dir + "/mountinfo").c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, mountinfo, strlen(mountinfo)), static_cast<ssize_t>(strlen(mountinfo)));
  close(fd);
}

std::string FakeProc() {
  std::string base = std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") +
                     "/proc.XXXXXX";
  EXPECT_NE(mkdtemp(base.data()), nullptr);
  AddProcess(base, 1, 100, kHostMounts);
  AddProcess(base, 50, 100, kHostMounts);
  AddProcess(base, 700, 200, kContainerMounts);  // container A: init and a child
  AddProcess(base, 650, 200, kContainerMounts);
  AddProcess(base, 800, 300, kPlainMounts);      // a container without procview
  AddProcess(base, 900, 400, kContainerMounts);  // container B
  mkdir((base + "/self").c_str(), 0755);         // non-numeric entries are ignored
  return base;
}

TEST(ContainerScan, OneEntryPerNamespaceWithProcviewMountsLowestPid) {
  absl::StatusOr<std::vector<ContainerMounts>> found = FindContainers(FakeProc(), 100);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].pid, 650);
  EXPECT_EQ((*found)[0].mnt_ns, 200u);
  ASSERT_EQ((*found)[0].binds.size(), 2u);
  EXPECT_EQ((*found)[0].binds[1].mount_point, "/proc/uptime");
  EXPECT_EQ((*found)[1].pid, 900);
}

TEST(ContainerScan, ContainerOfMissingPidIsNotFound) {
  absl::StatusOr<ContainerMounts> missing = ContainerOf(FakeProc(), 12345);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(absl::IsNotFound(missing.status())) << missing.status();
}

TEST(NamespaceLink, ParsesInodeAndRejectsOtherLinks) {
  EXPECT_EQ(ParseNamespaceLink("mnt:[4026531841]").value(), 4026531841u);
  EXPECT_FALSE(ParseNamespaceLink("pid:[4026531836]").ok());
  EXPECT_FALSE(ParseNamespaceLink("mnt:[x]").ok());
  EXPECT_FALSE(ParseNamespaceLink("mnt:[12").ok());
}

}  // namespace
}  // namespace procview::cli
