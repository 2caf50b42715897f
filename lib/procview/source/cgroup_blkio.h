// cgroup_blkio.h: a v1 cgroup's I/O statistics (the source's Io() on v1).
#ifndef PROCVIEW_SOURCE_CGROUP_BLKIO_H_
#define PROCVIEW_SOURCE_CGROUP_BLKIO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// The I/O of the v1 cgroup at `dir` from its blkio.*_recursive files,
// sorted by device: bytes and ios must exist; merged and time are read when
// the kernel has them (CFQ, or BFQ's debug statistics). NotFound when a
// required file or the cgroup is missing.
absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_BLKIO_H_
