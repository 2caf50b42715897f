// pidfile.h: a locked pid file, so two daemons never share one (but two
// daemons with two pid files run side by side).
#ifndef PROCVIEW_FRONTENDS_FUSE_PIDFILE_H_
#define PROCVIEW_FRONTENDS_FUSE_PIDFILE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace procview {
namespace fuse {

class PidFile {
 public:
  // Creates or opens `path`, takes a write lock on it and writes our pid.
  // AlreadyExists when another live process holds the lock.
  static absl::StatusOr<std::unique_ptr<PidFile>> Create(const std::string& path);
  // Removes the file and drops the lock.
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

 private:
  PidFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  const std::string path_;
  const int fd_;
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_PIDFILE_H_
