// host_fs_test.cc: HostFs on this machine's /proc and on a scratch tree.
#include "lib/procview/source/host_fs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/parse/random_text.h"
#include "lib/procview/source/file_io.h"

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

// Around the stack buffer's size and past several spill growths, both as a
// string and through ReadInto.
TEST(HostFs, ReadsEverySizeWholeAsStringAndIntoABuffer) {
  const std::string root = std::getenv("TEST_TMPDIR");
  HostFs host(root, root);
  TextBuffer buffer;
  for (const size_t size : {size_t{0}, size_t{1}, TextBuffer::kSize - 1, TextBuffer::kSize,
                            TextBuffer::kSize + 1, 2 * TextBuffer::kSize, size_t{300000}}) {
    std::string text(size, 'a');
    for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    const std::string name = absl::StrCat("sized-", size);
    std::ofstream(root + "/" + name) << text;
    absl::StatusOr<std::string> read = host.ReadProc(name);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(*read, text) << size;
    absl::StatusOr<std::string_view> into = host.ReadInto(HostSource::Root::kSys, name, &buffer);
    ASSERT_TRUE(into.ok()) << into.status();
    EXPECT_EQ(*into, text) << size;
  }
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

// The word-at-a-time dot search takes a path as plain exactly when it is
// relative and has no dot, at every length (overlapping words included).
TEST(IsPlainRelpath, AgreesWithADotSearchAtEveryLength) {
  std::mt19937 random(5);
  const std::string alphabet = "ab/.0";
  for (int round = 0; round < 20000; ++round) {
    const std::string path = RandomText(&random, alphabet, 40);
    const bool plain = !path.empty() && path[0] != '/' && path.find('.') == std::string::npos;
    EXPECT_EQ(IsPlainRelpath(path), plain) << path;
  }
}

}  // namespace
}  // namespace procview
