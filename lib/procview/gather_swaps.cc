// gather_swaps.cc: /proc/swaps, from the same swap view as meminfo.
#include "lib/procview/gather.h"
#include "lib/procview/gather_memory.h"
#include "lib/procview/render/swaps.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::string> GatherSwaps(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const SwapView swap, GatherContainerSwap(in));
  return RenderSwaps(swap);
}

}  // namespace procview
