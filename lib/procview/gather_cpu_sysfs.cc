// gather_cpu_sysfs.cc: /sys/devices/system/cpu/{online,present,possible},
// all "0-(n-1)" for the container's n CPUs.
#include <vector>

#include "lib/procview/gather.h"
#include "lib/procview/gather_cpus.h"
#include "lib/procview/render/cpu_sysfs.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherCpuRange(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const std::vector<int> visible, ContainerCpus(in));
  return RenderCpuRange(visible.size());
}

}  // namespace procview
