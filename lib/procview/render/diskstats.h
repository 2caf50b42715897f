// diskstats.h: the container's /proc/diskstats.
//
// One line per block device the container has done I/O on, in the host's
// order, with the host's name for its major:minor and the host kernel's
// counter count (11, 15 or 17), printed the way the kernel prints them.
//
// Which devices: those with a non-zero IoDeviceStats entry. Devices the
// container never touched are left out (as LXCFS does): v2 io.stat lists only
// devices with I/O, so v1 and v2 hosts look alike; iostat ignores all-zero
// devices anyway; and the host's device inventory (loop0..N, other tenants'
// disks) stays out of the container. Entries whose major:minor the host file
// does not list are skipped. cgroups account whole disks, so partitions do not
// appear.
//
// Counters (from IoDeviceStats):
//   reads/writes completed and merged   read_ios, write_ios, *_merged (v2: 0)
//   sectors read/written/discarded      bytes / 512
//   ms reading/writing                  *_time_ns / 1e6 (v1 only; v2: 0)
//   I/Os in flight                      0 (not accounted per cgroup)
//   ms doing I/O, weighted ms           read + write ms, capped at the host
//                                       device's own values (a device can't
//                                       be busy longer for one cgroup than
//                                       for the whole host)
//   discards                            discard_ios; merged and ms 0
//   flushes, ms flushing                0 (not accounted per cgroup)
#ifndef PROCVIEW_RENDER_DISKSTATS_H_
#define PROCVIEW_RENDER_DISKSTATS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/parse/diskstats.h"
#include "lib/procview/readings.h"

namespace procview {

// Renders the container's /proc/diskstats (see above). Several entries for
// one device are added up. InvalidArgument when host.counter_count is out
// of the kernel's range (11 to 17).
absl::StatusOr<std::string> RenderDiskstats(const Diskstats& host,
                                            const std::vector<IoDeviceStats>& io);

// The same from the host's /proc/diskstats text, in one pass over it: the
// lines of devices in `io` are parsed and written as they are found, the
// others only checked for their "major minor". Errors as ParseDiskstats'.
absl::StatusOr<std::string> RenderDiskstats(std::string_view host,
                                            const std::vector<IoDeviceStats>& io);

}  // namespace procview

#endif  // PROCVIEW_RENDER_DISKSTATS_H_
