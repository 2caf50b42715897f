// cgroup_layout.cc: v1 / v2 / hybrid detection.
#include "lib/procview/source/cgroup_layout.h"

#include <errno.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "absl/strings/str_cat.h"
#include "lib/procview/source/file_io.h"

namespace procview {
namespace {

// A cgroup2 mount, or a plain directory laid out like one (fixtures).
bool IsV2Hierarchy(const std::string& dir) {
  struct statfs fs;
  if (statfs(dir.c_str(), &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) return true;
  return PathExists(JoinPath(dir, "cgroup.controllers"));
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

absl::StatusOr<CgroupLayout> DetectCgroupLayout(const std::string& root) {
  if (!IsDirectory(root)) {
    return absl::NotFoundError(absl::StrCat("no cgroup root directory at ", root));
  }
  if (IsV2Hierarchy(root)) return CgroupLayout::kV2;
  bool v1 = false;
  for (const char* controller : {"memory", "cpu", "cpuacct", "cpu,cpuacct", "cpuset", "blkio"}) {
    if (IsDirectory(JoinPath(root, controller))) v1 = true;
  }
  if (!v1) {
    return absl::NotFoundError(
        absl::StrCat("no cgroup hierarchy at ", root,
                     ": neither cgroup2 nor v1 controller directories"));
  }
  const std::string unified = JoinPath(root, kHybridUnifiedDir);
  return IsDirectory(unified) && IsV2Hierarchy(unified) ? CgroupLayout::kHybrid
                                                        : CgroupLayout::kV1;
}

}  // namespace procview
