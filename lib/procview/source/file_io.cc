// file_io.cc: whole-file reads and path checks shared by the sources.
#include "lib/procview/source/file_io.h"

#include <emmintrin.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/word_bits.h"

namespace procview {
namespace {

// open(2), read(2) and close(2) of the whole-file reads, made straight to
// the kernel: glibc's wrappers of these cancellation points add ~30
// instructions a call, and even its syscall(2) function ~15 (a call, the
// arguments shuffled, errno set), with 4 calls a file and several files a
// read. No thread is cancelled inside a file read (libfuse disables
// cancellation while it handles a request), so nothing is lost. Each returns
// the result, or -errno on failure.
#if defined(__x86_64__)
long Syscall3(long number, long a, long b, long c) {
  long result;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "0"(number), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return result;
}
#else
long Syscall3(long number, long a, long b, long c) {
  const long result = syscall(number, a, b, c);
  return result < 0 ? -errno : result;
}
#endif

int OpenToRead(const char* path) {
  return static_cast<int>(Syscall3(SYS_openat, AT_FDCWD, reinterpret_cast<long>(path),
                                   O_RDONLY | O_CLOEXEC));
}
ssize_t ReadSome(int fd, void* buf, size_t size) {
  return Syscall3(SYS_read, fd, reinterpret_cast<long>(buf), static_cast<long>(size));
}
void Close(int fd) { Syscall3(SYS_close, fd, 0, 0); }

absl::Status ErrnoStatus(int error, const char* path) {
  if (IsGone(error)) {
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

// Copies `n` bytes in a few moves, without a call: paths are short, and
// memcpy's call and size dispatch cost more than the copy. Moves of 16, 8
// or 4 bytes overlap at the end instead of copying a tail. SSE2 moves in
// the loop: the compiler would make a loop of plain copies a memcpy call.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void CopyPathPart(char* to, const char* from, size_t n) {
  if (n >= 16) {
    const auto move16 = [to, from](size_t at) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to + at),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + at)));
    };
    for (size_t at = 0; at + 16 < n; at += 16) move16(at);
    move16(n - 16);
  } else if (n >= 8) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else if (n > 0) {
    to[0] = from[0];
    to[n / 2] = from[n / 2];  // n is 1 to 3: the bytes 0, n/2 and n-1 cover it
    to[n - 1] = from[n - 1];
  }
}

// DIR/NAME into `path`, NUL-terminated; false when it does not fit or has
// no name (then JoinPath composes it, normalizing as here).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool ComposePath(std::string_view dir, std::string_view name,
                                                char (&path)[512]) {
  while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  if (name.empty() || dir.size() + name.size() + 2 > sizeof(path)) return false;
  CopyPathPart(path, dir.data(), dir.size());
  path[dir.size()] = '/';
  CopyPathPart(path + dir.size() + 1, name.data(), name.size());
  path[dir.size() + 1 + name.size()] = '\0';
  return true;
}

// Reads what remains of `fd` after `buffer->bytes` filled up into
// `buffer->spill`, after a copy of those bytes: the rest comes in chunks
// through `bytes` (free again once copied), so each byte is copied once and
// none is zero-filled first. The spill grows in big steps (a large file,
// /proc/slabinfo at ~30 kB, is reserved for at once). 0 or the errno.
int ReadRestIntoSpill(int fd, TextBuffer* buffer) {
  std::string& spill = buffer->spill;
  spill.clear();
  spill.reserve(8 * TextBuffer::kSize);
  spill.append(buffer->bytes, TextBuffer::kSize);
  while (true) {
    const ssize_t n = ReadSome(fd, buffer->bytes, TextBuffer::kSize);
    if (n == 0) return 0;
    if (n < 0) {
      if (n == -EINTR) continue;
      return static_cast<int>(-n);
    }
    if (spill.size() + static_cast<size_t>(n) > spill.capacity()) spill.reserve(4 * spill.size());
    spill.append(buffer->bytes, static_cast<size_t>(n));
  }
}

// Reads `fd` to its end into `buffer`: the text on the stack when it fits,
// else in the spill. 0 with the text in `*text`, or the errno.
int ReadFdInto(int fd, TextBuffer* buffer, std::string_view* text) {
  size_t size = 0;
  while (size < TextBuffer::kSize) {
    const ssize_t n = ReadSome(fd, buffer->bytes + size, TextBuffer::kSize - size);
    if (n == 0) {
      *text = std::string_view(buffer->bytes, size);
      return 0;
    }
    if (n < 0 && n != -EINTR) return static_cast<int>(-n);
    if (n > 0) size += static_cast<size_t>(n);
  }
  if (const int error = ReadRestIntoSpill(fd, buffer)) return error;
  *text = buffer->spill;
  return 0;
}

// ReadTextIn of a NUL-terminated path.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline int ReadPathInto(const char* path, TextBuffer* buffer,
                                                     std::string_view* text) {
  const int fd = OpenToRead(path);
  if (fd < 0) return -fd;
  const int error = ReadFdInto(fd, buffer, text);
  Close(fd);
  return error;
}

// ReadTextIn of a path that ComposePath can't compose (unusual: long or no
// name), out of ReadTextIn's way.
ABSL_ATTRIBUTE_NOINLINE int ReadJoinedPathInto(std::string_view dir, std::string_view name,
                                               TextBuffer* buffer, std::string_view* text) {
  return ReadPathInto(JoinPath(dir, name).c_str(), buffer, text);
}

// ReadWholeFile of a NUL-terminated path: read as ReadPathInto, then the
// result made with one allocation of its exact size (a spilled text is
// handed over as it is).
absl::StatusOr<std::string> ReadPath(const char* path) {
  TextBuffer buffer;
  std::string_view text;
  if (const int error = ReadPathInto(path, &buffer, &text)) return ErrnoStatus(error, path);
  if (text.data() == buffer.spill.data()) return std::move(buffer.spill);
  return std::string(text);
}

}  // namespace

int ReadTextIn(std::string_view dir, std::string_view name, TextBuffer* buffer,
               std::string_view* text) {
  char path[512];
  if (ComposePath(dir, name, path)) return ReadPathInto(path, buffer, text);
  return ReadJoinedPathInto(dir, name, buffer, text);
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

bool IsPlainRelpath(std::string_view relpath) {
  if (relpath.empty() || relpath[0] == '/') return false;
  // 8 bytes a step (the last step overlapping the one before), no call:
  // 0x80 in each byte of dot_bytes(p) that is '.'.
  const auto dot_bytes = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof(w));
    return word_bits::ZeroBytes(w ^ 0x2e2e2e2e2e2e2e2eULL);
  };
  const char* const p = relpath.data();
  const size_t n = relpath.size();
  if (n < 8) return std::memchr(p, '.', n) == nullptr;
  uint64_t dots = dot_bytes(p + n - 8);
  for (size_t at = 0; at + 8 < n; at += 8) dots |= dot_bytes(p + at);
  return dots == 0;
}

absl::Status CheckDottedRelpath(std::string_view relpath) {
  const absl::string_view shown(relpath.data(), relpath.size());
  if (relpath.empty() || relpath[0] == '/') {
    return absl::InvalidArgumentError(absl::StrCat("not a relative path: \"", shown, "\""));
  }
  // One pass, no split.
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
