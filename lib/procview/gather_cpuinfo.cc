// gather_cpuinfo.cc: /proc/cpuinfo with the container's CPUs only.
#include <string>
#include <vector>

#include "lib/procview/gather.h"
#include "lib/procview/gather_cpus.h"
#include "lib/procview/render/cpuinfo.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherCpuinfo(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const std::vector<int> visible, ContainerCpus(in));
  ASSIGN_OR_RETURN(const std::string text, in.host.ReadProc("cpuinfo"));
  return RenderCpuinfo(text, visible);
}

}  // namespace procview
