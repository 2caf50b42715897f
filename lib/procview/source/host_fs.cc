// host_fs.cc: the real HostSource.
#include "lib/procview/source/host_fs.h"

#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

absl::StatusOr<std::string> ReadUnder(const std::string& root, std::string_view relpath) {
  RETURN_IF_ERROR(CheckRelpath(relpath));
  return ReadFileIn(root, relpath);
}

}  // namespace

absl::StatusOr<std::string> HostFs::ReadProc(std::string_view relpath) const {
  return ReadUnder(proc_root_, relpath);
}

absl::StatusOr<std::string> HostFs::ReadSys(std::string_view relpath) const {
  return ReadUnder(sys_root_, relpath);
}

absl::StatusOr<std::string_view> HostFs::ReadInto(Root root, std::string_view relpath,
                                                  TextBuffer* buffer) const {
  RETURN_IF_ERROR(CheckRelpath(relpath));
  const std::string& dir = root == Root::kProc ? proc_root_ : sys_root_;
  std::string_view text;
  if (const int error = ReadTextIn(dir, relpath, buffer, &text)) {
    return ReadError(error, dir, relpath);
  }
  return text;
}

}  // namespace procview
