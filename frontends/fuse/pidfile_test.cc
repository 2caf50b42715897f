// pidfile_test.cc: pid files are exclusive per path and cleaned up.

#include "frontends/fuse/pidfile.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace procview {
namespace fuse {
namespace {

std::string Path(const std::string& name) {
  return std::string(getenv("TEST_TMPDIR")) + "/" + name;
}

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PidFile, WritesOurPidAndRemovesItOnDestruction) {
  const std::string path = Path("a.pid");
  {
    absl::StatusOr<std::unique_ptr<PidFile>> pidfile = PidFile::Create(path);
    ASSERT_TRUE(pidfile.ok()) << pidfile.status();
    EXPECT_EQ(Contents(path), std::to_string(getpid()) + "\n");
  }
  EXPECT_NE(access(path.c_str(), F_OK), 0);
}

TEST(PidFile, SecondHolderOfTheSamePathIsRefused) {
  const std::string path = Path("b.pid");
  absl::StatusOr<std::unique_ptr<PidFile>> held = PidFile::Create(path);
  ASSERT_TRUE(held.ok());
  // fcntl locks are per process: ask from a child.
  const pid_t child = fork();
  if (child == 0) {
    absl::StatusOr<std::unique_ptr<PidFile>> again = PidFile::Create(path);
    _exit(absl::IsAlreadyExists(again.status()) ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(PidFile::Create(Path("c.pid")).ok()) << "another path is independent";
}

TEST(PidFile, StaleFileOfADeadDaemonIsTakenOver) {
  const std::string path = Path("d.pid");
  {
    std::ofstream stale(path);
    stale << "999999\n";
  }
  absl::StatusOr<std::unique_ptr<PidFile>> pidfile = PidFile::Create(path);
  ASSERT_TRUE(pidfile.ok()) << pidfile.status();
  EXPECT_EQ(Contents(path), std::to_string(getpid()) + "\n");
}

TEST(PidFile, UnwritableDirectoryIsAnError) {
  EXPECT_FALSE(PidFile::Create("/nonexistent-dir/x.pid").ok());
}

}  // namespace
}  // namespace fuse
}  // namespace procview
