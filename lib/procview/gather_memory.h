// gather_memory.h: what meminfo and swaps both need: the host's meminfo, the
// container's memory readings and its swap, read once through the sources
// so the two files always agree.
#ifndef PROCVIEW_GATHER_MEMORY_H_
#define PROCVIEW_GATHER_MEMORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "lib/procview/gather.h"
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/readings.h"
#include "lib/procview/render/meminfo.h"
#include "lib/procview/render/swap.h"

namespace procview {

struct ContainerMemory {
  std::string host;       // the host's /proc/meminfo text
  MemoryReadings memory;  // the container's memory cgroup
  MeminfoSwap swap;       // its swap, for the host's SwapTotal (render/meminfo.h)
};

// Reads the host's meminfo (not looked at here but for SwapTotal: its
// renderer reads it once), the container's memory cgroup (NotFound when
// absent) and, when the swap depends on it (the cgroup has swap accounting
// but no swappiness of its own, as on v2), vm.swappiness (the kernel's
// default 60 when the file is missing). With no swap on the host (SwapTotal
// 0 or absent) or swap not reported, the swap is none and neither the
// cgroup's swap files nor vm.swappiness are read (swap.h).
// Filled in place (no ContainerMemory is moved through a StatusOr).
absl::Status GatherContainerMemory(const GatherInputs& in, ContainerMemory* out);

// Only the container's swap, read the same way (so /proc/swaps agrees with
// meminfo) but looking at no host meminfo line other than SwapTotal. With no
// swap shown, the cgroup is not read: a gone memory cgroup then still gives
// the header alone, which is also what the host's file holds.
absl::StatusOr<SwapView> GatherContainerSwap(const GatherInputs& in);

}  // namespace procview

#endif  // PROCVIEW_GATHER_MEMORY_H_
