// cgroup_fs.h: the real CgroupTree and CgroupSource over a cgroupfs root
// (v1, v2 or hybrid; also plain fixture directories laid out the same way).
#ifndef PROCVIEW_SOURCE_CGROUP_FS_H_
#define PROCVIEW_SOURCE_CGROUP_FS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview {

// What a source's Tasks() looks at, at most: the cgroup itself and its
// nearest descendants (breadth first) up to kMaxTaskCgroups cgroups in all,
// and kMaxTasks pids. Beyond that the task counts (loadavg, procs_running)
// are a lower bound; the work per read stays bounded however many
// sub-cgroups or threads a container makes.
inline constexpr size_t kMaxTaskCgroups = 64;
inline constexpr size_t kMaxTasks = 8192;

class CgroupFs : public CgroupTree {
 public:
  // Detects the layout of `root` once (see DetectCgroupLayout). Sources
  // read the CPU quota only with `read_quota`: it matters only to a CPU view
  // that follows the quota (Options::cpu_view_from_quota), and its walk up
  // the ancestors costs several reads per CPU file read.
  static absl::StatusOr<std::unique_ptr<CgroupFs>> Create(std::string root,
                                                          bool read_quota = true);
  CgroupFs(std::string root, CgroupLayout layout, bool read_quota = true)
      : root_(std::move(root)), layout_(layout), read_quota_(read_quota) {}

  CgroupLayout layout() const override { return layout_; }

  // A source for the cgroups named by /proc/PID/cgroup text. v1 hierarchies
  // are found at ROOT/CONTROLLER (or ROOT/"cpu,cpuacct" when co-mounted
  // without symlinks, ROOT/NAME for "name=NAME"); v2 at ROOT, or at
  // ROOT/unified on a hybrid host. InvalidArgument for malformed text or a
  // path with "." or ".." components; NotFound when none of the named
  // cgroup directories exists (the cgroup is gone) or, on v2, when the text
  // has no "0::" line. Controllers whose directory is missing answer
  // NotFound from the source's methods.
  absl::StatusOr<std::unique_ptr<CgroupSource>> Open(
      std::string_view proc_pid_cgroup) const override;

 private:
  const std::string root_;
  const CgroupLayout layout_;
  const bool read_quota_;
};

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_FS_H_
