// pressure.h: the container's /proc/pressure/{cpu,io,memory}.
//
// The cgroup's own cpu.pressure / io.pressure / memory.pressure (cgroup v2)
// already has /proc/pressure's format; it is passed through after checking
// it, so a truncated or foreign file is an error, never served.
#ifndef PROCVIEW_RENDER_PRESSURE_H_
#define PROCVIEW_RENDER_PRESSURE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace procview {

// OK when `text` is PSI text: a "some" line, optionally followed by a "full"
// line (cpu has none before Linux 5.13), each exactly
// "KIND avg10=N.NN avg60=N.NN avg300=N.NN total=N\n". InvalidArgument
// otherwise.
absl::Status ValidatePressure(std::string_view text);

// The PSI text to serve for the cgroup's `cgroup_text`: the text itself when
// ValidatePressure accepts it, its error otherwise.
absl::StatusOr<std::string> RenderPressure(std::string_view cgroup_text);

}  // namespace procview

#endif  // PROCVIEW_RENDER_PRESSURE_H_
