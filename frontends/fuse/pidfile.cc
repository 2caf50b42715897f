// pidfile.cc: pid file with an fcntl lock (released by the kernel if we die).

#include "frontends/fuse/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace fuse {

absl::StatusOr<std::unique_ptr<PidFile>> PidFile::Create(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("open pidfile ", path));
  }
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (fcntl(fd, F_SETLK, &lock) != 0) {
    const int error = errno;
    std::string holder;
    char buffer[32] = "";
    if (pread(fd, buffer, sizeof(buffer) - 1, 0) > 0) {
      holder = absl::StrCat(" (pid ", absl::StripAsciiWhitespace(buffer), ")");
    }
    close(fd);
    if (error == EAGAIN || error == EACCES) {
      return absl::AlreadyExistsError(absl::StrCat(
          "pidfile ", path, " is held by another procviewfs", holder,
          "; give this one its own with -p or --runtime-dir"));
    }
    return absl::ErrnoToStatus(error, absl::StrCat("lock pidfile ", path));
  }
  const std::string pid = absl::StrCat(getpid(), "\n");
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size())) {
    const int error = errno;
    close(fd);
    return absl::ErrnoToStatus(error, absl::StrCat("write pidfile ", path));
  }
  return std::unique_ptr<PidFile>(new PidFile(path, fd));
}

PidFile::~PidFile() {
  unlink(path_.c_str());
  close(fd_);
}

}  // namespace fuse
}  // namespace procview
