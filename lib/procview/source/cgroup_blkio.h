// cgroup_blkio.h: a v1 cgroup's I/O statistics (the source's Io() on v1).
#ifndef PROCVIEW_SOURCE_CGROUP_BLKIO_H_
#define PROCVIEW_SOURCE_CGROUP_BLKIO_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// Which name of each blkio file a kept cgroup has (the kernel names them
// after its I/O policies: CFQ's plain names, blk-throttle's "throttle.",
// BFQ's "bfq."), found by the cgroup's first read and kept with it like its
// directories, so later reads open only the files that exist (on kernels
// since 5.0, which have no CFQ, the first name tried is always missing).
// A remembered name that disappears is looked up again; a policy module
// loaded later is seen when the cgroup is next opened. Thread-safe.
class BlkioNames {
 public:
  BlkioNames() {
    for (std::atomic<uint8_t>& name : chosen_) name.store(kUnknown, std::memory_order_relaxed);
  }
  BlkioNames(const BlkioNames&) = delete;
  BlkioNames& operator=(const BlkioNames&) = delete;

  static constexpr uint8_t kUnknown = 0xff;  // not looked up yet
  static constexpr uint8_t kAbsent = 0xfe;   // an optional file with none of its names
  // File `file`'s (0-3: bytes, ios, merged, time): an index into its names,
  // kUnknown or kAbsent.
  std::atomic<uint8_t>& of(size_t file) { return chosen_[file]; }

 private:
  std::atomic<uint8_t> chosen_[4];
};

// The I/O of the v1 cgroup at `dir` from its blkio.*_recursive files,
// sorted by device: bytes and ios must exist; merged and time are read when
// the kernel has them (CFQ, or BFQ's debug statistics). NotFound when a
// required file or the cgroup is missing. `names` is where the cgroup's
// file names are remembered (see BlkioNames).
absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir,
                                                          BlkioNames* names);
// The same, looking every name up.
absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_BLKIO_H_
