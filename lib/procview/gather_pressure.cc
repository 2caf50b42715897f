// gather_pressure.cc: /proc/pressure/{cpu,io,memory} from the cgroup's own
// PSI files (cgroup v2).
#include "lib/procview/gather.h"
#include "lib/procview/render/pressure.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherPressure(const GatherInputs& in, PressureResource resource) {
  ASSIGN_OR_RETURN(const std::string text, in.cgroup.Pressure(resource));
  return RenderPressure(text);
}

}  // namespace procview
