// gather_cpuinfo.cc: /proc/cpuinfo with the container's CPUs only.
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "lib/procview/gather.h"
#include "lib/procview/gather_cpus.h"
#include "lib/procview/render/cpuinfo.h"
#include "lib/procview/status_macros.h"

namespace procview {

// The host's text has a block for each online CPU and no other, so a
// render that finds a block for every CPU of the cpuset shows that they are
// online: the online list is read only when one is missing (offline), and
// the container then sees the rest of its cpuset, as everywhere else.
absl::StatusOr<std::string> GatherCpuinfo(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const CpuReadings cpu, in.cgroup.CpuPlacement());
  ASSIGN_OR_RETURN(const std::string text, in.host.ReadProc("cpuinfo"));
  const std::optional<std::vector<int>> cpuset = ContainerCpusIfCpusetOnline(in.options, cpu);
  if (cpuset.has_value()) {
    absl::StatusOr<std::string> rendered = RenderCpuinfo(text, *cpuset);
    if (!absl::IsFailedPrecondition(rendered.status())) return rendered;  // not "no block"
  }
  ASSIGN_OR_RETURN(const std::vector<int> visible, ContainerCpus(in.options, in.host, cpu));
  return RenderCpuinfo(text, visible);
}

}  // namespace procview
