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

}  // namespace procview
