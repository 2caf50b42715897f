// host_fs_test.cc: HostFs on this machine's /proc and on a scratch tree.
#include "lib/procview/source/host_fs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace {

TEST(HostFs, ReadsProcFilesThatReportSizeZero) {
  HostFs host("/proc", "/sys");
  absl::StatusOr<std::string> stat = host.ReadProc("self/status");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_TRUE(absl::StartsWith(*stat, "Name:")) << *stat;
  EXPECT_TRUE(absl::StrContains(*stat, "\nVmPeak:")) << *stat;  // read to the end
}

TEST(HostFs, ReadsFilesLargerThanOneBuffer) {
  const std::string root = std::getenv("TEST_TMPDIR");
  const std::string big(100000, 'x');
  std::ofstream(root + "/big") << big;
  HostFs host(root, root);
  EXPECT_EQ(*host.ReadProc("big"), big);
}

TEST(HostFs, MissingFileOrProcessIsNotFound) {
  HostFs host("/proc", "/sys");
  EXPECT_TRUE(absl::IsNotFound(host.ReadProc("no-such-file").status()));
  EXPECT_TRUE(absl::IsNotFound(host.ReadProc("999999999/cgroup").status()));
  EXPECT_TRUE(absl::IsNotFound(host.ReadSys("devices/system/cpu/no-such").status()));
  absl::Status status = HostFs("/nonexistent-root", "/sys").ReadProc("meminfo").status();
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_TRUE(absl::StrContains(status.message(), "/nonexistent-root/meminfo")) << status;
}

TEST(HostFs, OtherErrorsAreNotNotFound) {
  HostFs host("/proc", "/sys");
  absl::Status status = host.ReadProc("self").status();  // a directory: EISDIR
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(absl::IsNotFound(status)) << status;
}

TEST(HostFs, RejectsPathsThatEscapeTheRoot) {
  HostFs host("/proc", "/sys");
  EXPECT_TRUE(absl::IsInvalidArgument(host.ReadProc("../etc/passwd").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(host.ReadProc("self/../../etc/passwd").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(host.ReadSys("/etc/passwd").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(host.ReadProc("").status()));
  for (const char* escaping : {"..", ".", "self/..", "./meminfo", "sys/./vm", "a//../b"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(host.ReadProc(escaping).status())) << escaping;
  }
  // Names that merely contain dots are fine.
  EXPECT_FALSE(absl::IsInvalidArgument(host.ReadProc("..x/.y./z..").status()));
}

}  // namespace
}  // namespace procview
