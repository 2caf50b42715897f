// gather_diskstats.cc: /proc/diskstats from the host's device list and the
// cgroup's per-device I/O.
#include "lib/procview/gather.h"
#include "lib/procview/parse/diskstats.h"
#include "lib/procview/render/diskstats.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherDiskstats(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const std::vector<IoDeviceStats> io, in.cgroup.Io());
  ASSIGN_OR_RETURN(const std::string text, in.host.ReadProc("diskstats"));
  // Only the devices the container used are shown, so only theirs are parsed.
  auto used = [&io](uint32_t major, uint32_t minor) {
    for (const IoDeviceStats& s : io) {
      if (s.major == major && s.minor == minor) return true;
    }
    return false;
  };
  ASSIGN_OR_RETURN(const Diskstats host, ParseDiskstats(text, used));
  return RenderDiskstats(host, io);
}

}  // namespace procview
