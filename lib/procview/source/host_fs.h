// host_fs.h: the real HostSource, reading the host's /proc and /sys (or
// fixture directories standing in for them).
#ifndef PROCVIEW_SOURCE_HOST_FS_H_
#define PROCVIEW_SOURCE_HOST_FS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview {

class HostFs : public HostSource {
 public:
  HostFs(std::string proc_root, std::string sys_root)
      : proc_root_(std::move(proc_root)), sys_root_(std::move(sys_root)) {}

  // Reads PROC_ROOT/relpath. NotFound when the file (or its process) is
  // gone; InvalidArgument for absolute paths and ".." components.
  absl::StatusOr<std::string> ReadProc(std::string_view relpath) const override;
  // Reads SYS_ROOT/relpath, with the same contract.
  absl::StatusOr<std::string> ReadSys(std::string_view relpath) const override;
  // Either, read on the stack when the file fits `buffer`.
  absl::StatusOr<std::string_view> ReadInto(Root root, std::string_view relpath,
                                            TextBuffer* buffer) const override;

 private:
  const std::string proc_root_;
  const std::string sys_root_;
};

}  // namespace procview

#endif  // PROCVIEW_SOURCE_HOST_FS_H_
