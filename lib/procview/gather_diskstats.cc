// gather_diskstats.cc: /proc/diskstats from the host's device list and the
// cgroup's per-device I/O.
#include "lib/procview/gather.h"
#include "lib/procview/render/diskstats.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherDiskstats(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const std::vector<IoDeviceStats> io, in.cgroup.Io());
  ASSIGN_OR_RETURN(const std::string text, in.host.ReadProc("diskstats"));
  return RenderDiskstats(text, io);
}

}  // namespace procview
