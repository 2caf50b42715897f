// file_io.cc: whole-file reads and path checks shared by the sources.
#include "lib/procview/source/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace {

// open(2), read(2) and close(2) of the whole-file reads, made straight to
// the kernel: glibc's wrappers of these cancellation points add ~30
// instructions a call, 3-4 calls a file, several files a read. No thread is
// cancelled inside a file read (libfuse disables cancellation while it
// handles a request), so nothing is lost.
int OpenToRead(const char* path) {
  return static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
}
ssize_t ReadSome(int fd, void* buf, size_t size) { return syscall(SYS_read, fd, buf, size); }
class Closer {
 public:
  explicit Closer(int fd) : fd_(fd) {}
  ~Closer() { syscall(SYS_close, fd_); }
  Closer(const Closer&) = delete;
  Closer& operator=(const Closer&) = delete;

 private:
  const int fd_;
};

absl::Status ErrnoStatus(int error, const char* path) {
  if (error == ENOENT || error == ESRCH || error == ENODEV || error == ENOTDIR) {
    // Sources probe optional files on every read: strerrordesc_np skips
    // strerror's locale lookup (the daemon's messages are English anyway).
    const char* description = strerrordesc_np(error);
    const absl::string_view why = description ? description : "not found";
    const size_t path_size = strlen(path);
    char message[640];  // composed on the stack: the Status makes the only copy
    if (path_size + 2 + why.size() > sizeof(message)) {
      return absl::NotFoundError(absl::StrCat(path, ": ", why));
    }
    std::memcpy(message, path, path_size);
    std::memcpy(message + path_size, ": ", 2);
    std::memcpy(message + path_size + 2, why.data(), why.size());
    return absl::NotFoundError(absl::string_view(message, path_size + 2 + why.size()));
  }
  return absl::ErrnoToStatus(error, path);
}

// ReadWholeFile of a NUL-terminated path. Each chunk is copied once: small
// files (most) fit in the first chunk; a large one (/proc/slabinfo, ~30 kB)
// goes into a string reserved in big steps, so growing it rarely copies the
// text read so far.
absl::StatusOr<std::string> ReadPath(const char* path) {
  const int fd = OpenToRead(path);
  if (fd < 0) return ErrnoStatus(errno, path);
  Closer closer(fd);
  std::string out;
  char buf[8192];
  while (true) {
    const ssize_t n = ReadSome(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, path);
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > out.capacity()) {
      out.reserve(out.empty() ? static_cast<size_t>(n) : 4 * (out.size() + sizeof(buf)));
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// DIR/NAME into `path`, NUL-terminated; false when it does not fit or has
// no name (then JoinPath composes it, normalizing as here).
bool ComposePath(std::string_view dir, std::string_view name, char (&path)[512]) {
  while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  if (name.empty() || dir.size() + name.size() + 2 > sizeof(path)) return false;
  std::memcpy(path, dir.data(), dir.size());
  path[dir.size()] = '/';
  std::memcpy(path + dir.size() + 1, name.data(), name.size());
  path[dir.size() + 1 + name.size()] = '\0';
  return true;
}

// Reads what remains of `fd` after `buffer->bytes` filled up into
// `buffer->spill`, after a copy of those bytes. 0 or the errno.
int ReadRestIntoSpill(int fd, TextBuffer* buffer) {
  std::string& spill = buffer->spill;
  spill.assign(buffer->bytes, TextBuffer::kSize);
  while (true) {
    const size_t used = spill.size();
    spill.resize(std::max(spill.capacity(), 2 * used));
    const ssize_t n = ReadSome(fd, &spill[used], spill.size() - used);
    spill.resize(used + static_cast<size_t>(n > 0 ? n : 0));
    if (n == 0) return 0;
    if (n < 0 && errno != EINTR) return errno;
  }
}

// ReadTextIn of a NUL-terminated path.
int ReadPathInto(const char* path, TextBuffer* buffer, std::string_view* text) {
  const int fd = OpenToRead(path);
  if (fd < 0) return errno;
  Closer closer(fd);
  size_t size = 0;
  while (size < TextBuffer::kSize) {
    const ssize_t n = ReadSome(fd, buffer->bytes + size, TextBuffer::kSize - size);
    if (n == 0) {
      *text = std::string_view(buffer->bytes, size);
      return 0;
    }
    if (n < 0 && errno != EINTR) return errno;
    if (n > 0) size += static_cast<size_t>(n);
  }
  if (const int error = ReadRestIntoSpill(fd, buffer)) return error;
  *text = buffer->spill;
  return 0;
}

}  // namespace

int ReadTextIn(std::string_view dir, std::string_view name, TextBuffer* buffer,
               std::string_view* text) {
  char path[512];
  if (ComposePath(dir, name, path)) return ReadPathInto(path, buffer, text);
  return ReadPathInto(JoinPath(dir, name).c_str(), buffer, text);  // unusual: long or no name
}

absl::Status ReadError(int error, std::string_view dir, std::string_view name) {
  return ErrnoStatus(error, JoinPath(dir, name).c_str());
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  return ReadPath(path.c_str());
}

absl::StatusOr<std::string> ReadFileIn(std::string_view dir, std::string_view name) {
  char path[512];
  if (ComposePath(dir, name, path)) return ReadPath(path);
  return ReadWholeFile(JoinPath(dir, name));  // unusual: long or no name
}

absl::Status CheckRelpath(std::string_view relpath) {
  const absl::string_view shown(relpath.data(), relpath.size());
  if (relpath.empty() || relpath[0] == '/') {
    return absl::InvalidArgumentError(absl::StrCat("not a relative path: \"", shown, "\""));
  }
  // Most paths ("meminfo", "1234/cgroup") have no dot at all.
  if (std::memchr(relpath.data(), '.', relpath.size()) == nullptr) return absl::OkStatus();
  // One pass, no split: host files are read through this on every read.
  size_t start = 0;
  while (true) {
    const size_t slash = relpath.find('/', start);
    const std::string_view part = relpath.substr(start, slash - start);
    if (part == "." || part == "..") {
      return absl::InvalidArgumentError(absl::StrCat("path escapes its root: \"", shown, "\""));
    }
    if (slash == std::string_view::npos) return absl::OkStatus();
    start = slash + 1;
  }
}

std::string JoinPath(std::string_view root, std::string_view relpath) {
  while (!root.empty() && root.back() == '/') root.remove_suffix(1);
  while (!relpath.empty() && relpath.front() == '/') relpath.remove_prefix(1);
  std::string out(root);
  if (!relpath.empty()) {
    out += '/';
    out.append(relpath.data(), relpath.size());
  }
  return out;
}

bool PathExists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

}  // namespace procview
