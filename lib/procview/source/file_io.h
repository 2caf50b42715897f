// file_io.h: the file reading every source shares: whole-file reads with
// read(2), errno -> absl::Status, and relative-path checks.
#ifndef PROCVIEW_SOURCE_FILE_IO_H_
#define PROCVIEW_SOURCE_FILE_IO_H_

#include <errno.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview {

// Reads all of `path` with a read(2) loop (proc and cgroup files report
// size 0, so the size is never trusted). NotFound when the file or the
// process/cgroup behind it is gone (ENOENT, ESRCH, ENODEV for a cgroup
// removed while open); other errors name the path and errno.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);
// ReadWholeFile(JoinPath(dir, name)), composing the path on the stack: the
// sources read several files of known directories on every read.
absl::StatusOr<std::string> ReadFileIn(std::string_view dir, std::string_view name);

// The reads of files that are parsed at once and often absent: errno in,
// no Status (nor message) unless the caller wants one, text in a TextBuffer.
//
// Reads all of DIR/NAME into `buffer` (the path composed on the stack):
// 0 with the text in `*text`, valid until `buffer`'s next read; or the errno.
int ReadTextIn(std::string_view dir, std::string_view name, TextBuffer* buffer,
               std::string_view* text);
// True when a ReadTextIn errno means the file, or the process or cgroup
// behind it, is gone (ReadWholeFile's NotFound).
inline bool IsGone(int error) {
  return error == ENOENT || error == ESRCH || error == ENODEV || error == ENOTDIR;
}
// The status of ReadTextIn's `error` as ReadFileIn(dir, name) would say it.
absl::Status ReadError(int error, std::string_view dir, std::string_view name);

// True when `relpath` is relative and has no dot at all, as most have
// ("stat", "1234/stat"): then it has no "." or ".." component either.
bool IsPlainRelpath(std::string_view relpath);
// CheckRelpath of a path that is not plain.
absl::Status CheckDottedRelpath(std::string_view relpath);

// OK when `relpath` is relative and has no "." or ".." component (nothing
// may escape a source's root). InvalidArgument otherwise. Inline: host
// files are read through this on every read, and most paths are plain.
inline absl::Status CheckRelpath(std::string_view relpath) {
  if (IsPlainRelpath(relpath)) return absl::OkStatus();
  return CheckDottedRelpath(relpath);
}

// `root` + "/" + `relpath`, without doubling slashes.
std::string JoinPath(std::string_view root, std::string_view relpath);

// True when `path` exists (any type).
bool PathExists(const std::string& path);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_FILE_IO_H_
