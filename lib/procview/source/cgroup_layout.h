// cgroup_layout.h: which cgroup layout a cgroupfs root has (v1, v2 or
// hybrid), detected once at start-up.
#ifndef PROCVIEW_SOURCE_CGROUP_LAYOUT_H_
#define PROCVIEW_SOURCE_CGROUP_LAYOUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// The directory of the v2 hierarchy on a hybrid host, under the root.
inline constexpr char kHybridUnifiedDir[] = "unified";

// kV2 when `root` is a cgroup2 mount (statfs magic) or, for plain fixture
// directories, holds cgroup.controllers; kV1 when it holds v1 controller
// hierarchies (memory, cpu, cpuacct, cpuset, blkio, or co-mounted
// "cpu,cpuacct"); kHybrid when it also has a cgroup2 hierarchy at
// ROOT/unified. NotFound when `root` does not exist or holds none of these.
absl::StatusOr<CgroupLayout> DetectCgroupLayout(const std::string& root);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_LAYOUT_H_
