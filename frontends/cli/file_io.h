// file_io.h: the few file-system calls the toolkit commands share, as
// absl::Status-returning helpers.
#ifndef PROCVIEW_FRONTENDS_CLI_FILE_IO_H_
#define PROCVIEW_FRONTENDS_CLI_FILE_IO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace procview::cli {

// Owns a file descriptor; closes it when destroyed.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();

 private:
  int fd_ = -1;
};

// The whole content of `path`. NotFound when it does not exist; other
// errno values map through absl::ErrnoToStatus.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// Writes `text` to an existing file (cgroup control files), in one write.
absl::Status WriteWholeFile(const std::string& path, const std::string& text);

// The target of symlink `path`.
absl::StatusOr<std::string> ReadLink(const std::string& path);

// True when `path` exists (any type; dangling symlinks count as missing).
bool PathExists(const std::string& path);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_FILE_IO_H_
