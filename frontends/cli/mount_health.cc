// mount_health.cc: mount-table lookup plus a time-limited probe read.
#include "frontends/cli/mount_health.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace procview::cli {
namespace {

// Reads `path` in a child; returns 0, the child's errno, or -1 on timeout.
int ProbeRead(const std::string& path, int timeout_ms) {
  const pid_t child = fork();
  if (child < 0) return errno;
  if (child == 0) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) _exit(errno & 0xff);
    char buffer[4096];
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    _exit(got < 0 ? (errno & 0xff) : 0);
  }
  for (int waited_ms = 0;; waited_ms += 10) {
    int status = 0;
    const pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) return WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
    if (done < 0 && errno != EINTR) return errno;
    if (waited_ms >= timeout_ms) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return -1;
    }
    const struct timespec ten_ms = {0, 10 * 1000 * 1000};
    nanosleep(&ten_ms, nullptr);
  }
}

}  // namespace

std::string NormalizeRoot(const std::string& path) {
  std::string out = path;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

MountHealth JudgeMount(const std::vector<MountEntry>& mounts, const std::string& mount_root,
                       int probe_errno) {
  MountHealth health;
  const MountEntry* top = MountAt(mounts, mount_root);
  if (top == nullptr || !IsProcviewMount(*top)) {
    health.state = MountState::kNotMounted;
    health.message = top == nullptr
                         ? absl::StrCat(mount_root, " is not a mount point")
                         : absl::StrCat(mount_root, " is a ", top->fstype, " mount, not procview");
    return health;
  }
  if (probe_errno == 0) {
    health.state = MountState::kHealthy;
    health.message = absl::StrCat(mount_root, " is served by procviewfs");
  } else if (probe_errno < 0) {
    health.state = MountState::kHung;
    health.message = absl::StrCat(mount_root, " is mounted but the daemon does not answer");
  } else {
    health.state = MountState::kDead;
    health.message = absl::StrCat(mount_root, " is mounted but reads fail (", strerror(probe_errno),
                                  probe_errno == ENOTCONN ? "): the daemon is gone" : ")");
  }
  return health;
}

MountHealth CheckMount(const std::string& mount_root, int timeout_ms) {
  const std::string root = NormalizeRoot(mount_root);
  absl::StatusOr<std::vector<MountEntry>> mounts = ReadMountInfo("/proc", 0);
  if (!mounts.ok()) {
    MountHealth health;
    health.message = std::string(mounts.status().message());
    return health;
  }
  const MountEntry* top = MountAt(*mounts, root);
  const int probe = (top != nullptr && IsProcviewMount(*top))
                        ? ProbeRead(root + "/proc/meminfo", timeout_ms)
                        : 0;
  return JudgeMount(*mounts, root, probe);
}

}  // namespace procview::cli
