// cgroup_blkio_test.cc: ReadBlkioStats on generated v1 blkio directories.
#include "lib/procview/source/cgroup_blkio.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace {

// A fresh directory under the test's temporary directory.
std::string MakeDir() {
  std::string dir = absl::StrCat(::testing::TempDir(), "/blkioXXXXXX");
  EXPECT_NE(mkdtemp(dir.data()), nullptr);
  return dir;
}

void Write(const std::string& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir + "/" + name) << text;
}

// A blkio.*_recursive file: for devices 8:0 .. 8:(n-1), Read = minor + base,
// Write = 1.
std::string BlkioText(int n, uint64_t base) {
  std::string text;
  for (int minor = n - 1; minor >= 0; --minor) {  // not in device order
    const std::string id = absl::StrCat("8:", minor, " ");
    absl::StrAppend(&text, id, "Read ", minor + base, "\n", id, "Write 1\n", id, "Sync 1\n", id,
                    "Async 0\n", id, "Discard 0\n", id, "Total 1\n");
  }
  return text + "Total 0\n";
}

TEST(ReadBlkioStats, ReadsFilesLargerThanItsBufferAndSortsDevices) {
  const std::string dir = MakeDir();
  const std::string bytes = BlkioText(300, 1000);
  ASSERT_GT(bytes.size(), 3 * 4096u);  // spills from the stack buffer
  Write(dir, "blkio.throttle.io_service_bytes_recursive", bytes);
  Write(dir, "blkio.throttle.io_serviced_recursive", BlkioText(2, 5));
  absl::StatusOr<std::vector<IoDeviceStats>> io = ReadBlkioStats(dir);
  ASSERT_TRUE(io.ok()) << io.status();
  ASSERT_EQ(io->size(), 300u);
  for (uint32_t minor = 0; minor < 300; ++minor) {
    ASSERT_EQ((*io)[minor].minor, minor);
    ASSERT_EQ((*io)[minor].read_bytes, minor + 1000u);
    ASSERT_EQ((*io)[minor].read_ios, minor < 2 ? minor + 5u : 0u);
  }
}

TEST(ReadBlkioStats, PrefersTheFirstNameAndReadsOptionalFiles) {
  const std::string dir = MakeDir();
  Write(dir, "blkio.io_service_bytes_recursive", BlkioText(1, 7));  // CFQ's name
  Write(dir, "blkio.throttle.io_service_bytes_recursive", BlkioText(1, 9));
  Write(dir, "blkio.bfq.io_serviced_recursive", BlkioText(1, 2));
  Write(dir, "blkio.bfq.io_merged_recursive", BlkioText(1, 3));
  absl::StatusOr<std::vector<IoDeviceStats>> io = ReadBlkioStats(dir);
  ASSERT_TRUE(io.ok()) << io.status();
  ASSERT_EQ(io->size(), 1u);
  EXPECT_EQ((*io)[0].read_bytes, 7u);
  EXPECT_EQ((*io)[0].read_ios, 2u);
  EXPECT_EQ((*io)[0].read_merged, 3u);
  EXPECT_EQ((*io)[0].read_time_ns, 0u);  // no service_time file
}

TEST(ReadBlkioStats, RemembersWhichNamesTheCgroupHas) {
  const std::string dir = MakeDir();
  Write(dir, "blkio.io_service_bytes_recursive", BlkioText(1, 7));  // CFQ's name
  Write(dir, "blkio.throttle.io_service_bytes_recursive", BlkioText(1, 9));
  Write(dir, "blkio.throttle.io_serviced_recursive", BlkioText(1, 2));
  BlkioNames names;
  absl::StatusOr<std::vector<IoDeviceStats>> io = ReadBlkioStats(dir, &names);
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_EQ((*io)[0].read_bytes, 7u);
  EXPECT_EQ(names.of(0).load(), 0);  // the first name
  EXPECT_EQ(names.of(1).load(), 1);  // the throttle name
  EXPECT_EQ(names.of(2).load(), BlkioNames::kAbsent);
  // A remembered name that disappears is looked up again.
  std::filesystem::remove(dir + "/blkio.io_service_bytes_recursive");
  io = ReadBlkioStats(dir, &names);
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_EQ((*io)[0].read_bytes, 9u);
  // An optional file found absent is not looked for again by this cgroup;
  // a fresh lookup (the cgroup opened again) finds it.
  Write(dir, "blkio.bfq.io_merged_recursive", BlkioText(1, 3));
  io = ReadBlkioStats(dir, &names);
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_EQ((*io)[0].read_merged, 0u);
  io = ReadBlkioStats(dir);
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_EQ((*io)[0].read_merged, 3u);
  // A required file gone is NotFound, and looked up again afterwards.
  std::filesystem::remove(dir + "/blkio.throttle.io_serviced_recursive");
  EXPECT_TRUE(absl::IsNotFound(ReadBlkioStats(dir, &names).status()));
  Write(dir, "blkio.bfq.io_serviced_recursive", BlkioText(1, 4));
  io = ReadBlkioStats(dir, &names);
  ASSERT_TRUE(io.ok()) << io.status();
  EXPECT_EQ((*io)[0].read_ios, 4u);
}

TEST(ReadBlkioStats, NotFoundWithoutARequiredFileOrTheCgroup) {
  const std::string dir = MakeDir();
  Write(dir, "blkio.throttle.io_service_bytes_recursive", BlkioText(1, 1));
  absl::Status status = ReadBlkioStats(dir).status();
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_NE(status.message().find("io_serviced"), absl::string_view::npos) << status;
  std::filesystem::remove_all(dir);
  status = ReadBlkioStats(dir).status();
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
}

TEST(ReadBlkioStats, RejectsMalformedFiles) {
  const std::string dir = MakeDir();
  Write(dir, "blkio.throttle.io_service_bytes_recursive", "8:0 Read\n");
  Write(dir, "blkio.throttle.io_serviced_recursive", BlkioText(1, 1));
  EXPECT_TRUE(absl::IsInvalidArgument(ReadBlkioStats(dir).status()));
}

}  // namespace
}  // namespace procview
