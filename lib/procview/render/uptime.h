// uptime.h: the container's /proc/uptime.
//
// Uptime is the host's uptime minus the moment the container's init started
// (its start time in clock ticks since boot), 0 if that is in the future.
// Idle time is summed over CPUs, as the kernel's is, and never exceeds
// uptime x visible CPUs, never negative:
//   - with the container's CPU time known: uptime x CPUs - CPU time
//     (LXCFS subtracts it from a single uptime, which understates idle on
//     more than one CPU);
//   - without: the host's idle fraction applied to uptime x CPUs.
#ifndef PROCVIEW_RENDER_UPTIME_H_
#define PROCVIEW_RENDER_UPTIME_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "lib/procview/parse/uptime.h"

namespace procview {

struct UptimeInputs {
  Uptime host;                       // the host's /proc/uptime
  size_t host_cpus = 0;              // host CPUs online (the host idle's divisor)
  uint64_t init_start_ticks = 0;     // /proc/INIT/stat field 22
  uint64_t ticks_per_second = 0;     // sysconf(_SC_CLK_TCK)
  size_t visible_cpus = 0;           // CPUs the container sees
  std::optional<uint64_t> busy_ns;   // the container's CPU time, if known
};

// Renders "UPTIME.CC IDLE.CC\n". InvalidArgument when ticks_per_second,
// visible_cpus or host_cpus is 0.
absl::StatusOr<std::string> RenderUptime(const UptimeInputs& in);

}  // namespace procview

#endif  // PROCVIEW_RENDER_UPTIME_H_
