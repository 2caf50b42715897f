// gather.h: per-file glue between sources and pure renderers. Each Gather*
// function reads what its file needs from the container's sources and hands
// the values to the file's renderer. Internal to the facade.
//
// Error contract: NotFound means "a controller or file this rendering needs
// is absent" (or the file is not rendered per container with the current
// options); the facade then serves the host's own file and reports the
// message as the reason.
#ifndef PROCVIEW_GATHER_H_
#define PROCVIEW_GATHER_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/procview/procview.h"

namespace procview {

class CpuHistory;
class LoadavgSampler;

// Everything a gatherer may read or update.
struct GatherInputs {
  const Options& options;
  const HostSource& host;
  const CgroupSource& cgroup;
  pid_t init;              // the container's init, as a host pid (uptime)
  std::string_view key;     // names the container in trackers: its /proc/INIT/cgroup text
  CpuHistory& cpu_history;  // keeps /proc/stat counters monotonic
  LoadavgSampler* loadavg;  // per-container loadavg, or null when off
  absl::Time now;           // read time (tracker expiry only)
};

// Renders `file` for the container described by `in`.
absl::StatusOr<std::string> Gather(File file, const GatherInputs& in);

// Why `file` is the host's own file whatever the reader's container, with
// the facade's trackers as they are (a static text), or null when it is
// rendered per container. The facade asks before it looks the container
// up: such a file needs none (loadavg without -l, read often).
const char* HostOnlyReason(File file, const LoadavgSampler* loadavg);
// GatherLoadavg's NotFound message, and HostOnlyReason's for it.
inline constexpr char kLoadavgOffReason[] = "per-container loadavg is off (enable with -l)";

// One per file (gather_<file>.cc).
absl::StatusOr<std::string> GatherCpuinfo(const GatherInputs& in);
// online, present and possible: the same "0-(n-1)" text.
absl::StatusOr<std::string> GatherCpuRange(const GatherInputs& in);
absl::StatusOr<std::string> GatherDiskstats(const GatherInputs& in);
absl::StatusOr<std::string> GatherLoadavg(const GatherInputs& in);
absl::StatusOr<std::string> GatherMeminfo(const GatherInputs& in);
absl::StatusOr<std::string> GatherPressure(const GatherInputs& in, PressureResource resource);
absl::StatusOr<std::string> GatherSlabinfo(const GatherInputs& in);
absl::StatusOr<std::string> GatherStat(const GatherInputs& in);
absl::StatusOr<std::string> GatherSwaps(const GatherInputs& in);
absl::StatusOr<std::string> GatherUptime(const GatherInputs& in);

}  // namespace procview

#endif  // PROCVIEW_GATHER_H_
