// proc_table.cc: the real ProcTable over a /proc directory.
#include "lib/procview/resolve/proc_table.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/fd_closer.h"

// Linux 6.11+; older uapi headers lack it (the kernel may still have it).
#ifndef NS_GET_TGID_FROM_PIDNS
#define NS_GET_TGID_FROM_PIDNS _IOR(0xb7, 0x7, int)
#endif

namespace procview {
namespace {

// errno of a failed /proc access -> Status. A vanished process shows as
// ENOENT or ESRCH; both mean "gone".
absl::Status ProcError(int error, const std::string& what) {
  switch (error) {
    case ENOENT:
    case ESRCH:
      return absl::NotFoundError(absl::StrCat(what, ": ", std::strerror(error)));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(absl::StrCat(what, ": ", std::strerror(error)));
    default:
      return absl::ErrnoToStatus(error, what);
  }
}


absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  FdCloser fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ProcError(errno, path);
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = read(fd.get(), buffer, sizeof(buffer));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ProcError(errno, path);
    }
    if (got == 0) return text;
    text.append(buffer, static_cast<size_t>(got));
  }
}

// An ns link target ("pid:[4026531836]") is short; a longer one is cut.
constexpr size_t kLinkTargetSize = 256;

// readlink(path) into `target`; its length, or -errno.
ssize_t ReadLinkInto(const char* path, char (&target)[kLinkTargetSize]) {
  const ssize_t length = readlink(path, target, sizeof(target));
  return length < 0 ? -errno : length;
}

absl::StatusOr<std::string> ReadLink(const char* path) {
  char target[kLinkTargetSize];
  const ssize_t length = ReadLinkInto(path, target);
  if (length < 0) return ProcError(static_cast<int>(-length), path);
  return std::string(target, static_cast<size_t>(length));
}

// ROOT/PID/ns/pid, composed on the stack when it fits (it always does for
// /proc): the resolver reads the reader's link on every read.
class NsLinkPath {
 public:
  NsLinkPath(const std::string& root, pid_t pid) {
    static constexpr char kSuffix[] = "/ns/pid";  // with its NUL
    if (root.size() + 1 + absl::numbers_internal::kFastToBufferSize + sizeof(kSuffix) >
        sizeof(buf_)) {
      long_ = absl::StrCat(root, "/", pid, kSuffix);
      return;
    }
    std::memcpy(buf_, root.data(), root.size());
    buf_[root.size()] = '/';
    char* const end =
        absl::numbers_internal::FastIntToBuffer(static_cast<int32_t>(pid), buf_ + root.size() + 1);
    std::memcpy(end, kSuffix, sizeof(kSuffix));
  }
  const char* c_str() const { return long_.empty() ? buf_ : long_.c_str(); }

 private:
  char buf_[128];
  std::string long_;  // only for a root too long for buf_
};

class ProcFsTable : public ProcTable {
 public:
  explicit ProcFsTable(std::string proc_root) : root_(std::move(proc_root)) {}

  absl::StatusOr<std::string> PidNamespace(pid_t pid) const override {
    return ReadLink(NsLinkPath(root_, pid).c_str());
  }
  absl::StatusOr<bool> InPidNamespace(pid_t pid, std::string_view ns) const override {
    const NsLinkPath path(root_, pid);
    char target[kLinkTargetSize];
    const ssize_t length = ReadLinkInto(path.c_str(), target);
    if (length < 0) return ProcError(static_cast<int>(-length), path.c_str());
    return std::string_view(target, static_cast<size_t>(length)) == ns;
  }
  absl::StatusOr<std::string> OwnPidNamespace() const override {
    return ReadLink(absl::StrCat(root_, "/self/ns/pid").c_str());
  }
  absl::StatusOr<std::string> ReadStat(pid_t pid) const override {
    return ReadWholeFile(PidPath(pid, "/stat"));
  }
  absl::StatusOr<std::string> ReadStatus(pid_t pid) const override {
    return ReadWholeFile(PidPath(pid, "/status"));
  }

  absl::StatusOr<std::vector<pid_t>> ListPids() const override {
    DIR* dir = opendir(root_.c_str());
    if (dir == nullptr) return ProcError(errno, root_);
    std::vector<pid_t> pids;
    while (const dirent* entry = readdir(dir)) {
      int32_t pid = 0;
      if (absl::SimpleAtoi(entry->d_name, &pid) && pid > 0) pids.push_back(pid);
    }
    closedir(dir);
    return pids;
  }

  absl::StatusOr<pid_t> NamespaceInit(pid_t pid) const override {
    const std::string path = PidPath(pid, "/ns/pid");
    FdCloser fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      const int error = errno;
      // A dangling ns link in a process directory that still exists: not
      // procfs (a fixture), so the kernel cannot be asked.
      struct stat dir_stat;
      if (error == ENOENT && stat(PidPath(pid, "").c_str(), &dir_stat) == 0) {
        return absl::UnimplementedError(absl::StrCat(path, " is not an nsfs file"));
      }
      return ProcError(error, path);
    }
    // The argument is a pid in the target namespace: 1 is its init.
    const int init = ioctl(fd.get(), NS_GET_TGID_FROM_PIDNS, 1);
    if (init > 0) return static_cast<pid_t>(init);
    const int error = init < 0 ? errno : ESRCH;
    if (error == ENOTTY || error == EINVAL) {
      return absl::UnimplementedError("kernel lacks NS_GET_TGID_FROM_PIDNS");
    }
    if (error == ESRCH) return absl::NotFoundError(absl::StrCat(path, ": namespace has no init"));
    return ProcError(error, absl::StrCat("ioctl NS_GET_TGID_FROM_PIDNS on ", path));
  }

 private:
  std::string PidPath(pid_t pid, const char* suffix) const {
    return absl::StrCat(root_, "/", pid, suffix);
  }

  const std::string root_;
};

}  // namespace

absl::StatusOr<bool> ProcTable::InPidNamespace(pid_t pid, std::string_view ns) const {
  absl::StatusOr<std::string> own = PidNamespace(pid);
  if (!own.ok()) return own.status();
  return *own == ns;
}

std::unique_ptr<ProcTable> NewProcFsTable(std::string proc_root) {
  return std::make_unique<ProcFsTable>(std::move(proc_root));
}

}  // namespace procview
