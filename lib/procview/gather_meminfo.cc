// gather_meminfo.cc: /proc/meminfo from the host's file and the container's
// memory cgroup.
#include <utility>

#include "lib/procview/gather.h"
#include "lib/procview/gather_memory.h"
#include "lib/procview/render/meminfo.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherMeminfo(const GatherInputs& in) {
  ContainerMemory m;
  RETURN_IF_ERROR(GatherContainerMemory(in, &m));
  return RenderMeminfo(std::move(m.host), m.memory, m.swap);
}

}  // namespace procview
