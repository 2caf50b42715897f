// swap.cc: the container's swap size and usage (rules in swap.h).
#include "lib/procview/render/swap.h"

#include <algorithm>

namespace procview {

SwapView ContainerSwap(const MemoryReadings& memory, uint64_t host_swap_total_kb,
                       uint64_t host_swappiness, bool report_swap) {
  SwapView view;
  if (NoSwapShown(report_swap, host_swap_total_kb) || !memory.swap_accounting) return view;
  const uint64_t usage_kb = memory.swap_usage / 1024;
  const uint64_t swappiness = memory.swappiness.value_or(host_swappiness);
  if (swappiness == 0) {
    view.total_kb = usage_kb;  // 0 when unused: no swap at all
  } else if (memory.memsw_limit.has_value()) {
    view.total_kb = std::min(*memory.memsw_limit / 1024, host_swap_total_kb);
  } else {
    view.total_kb = host_swap_total_kb;
  }
  view.used_kb = std::min(usage_kb, view.total_kb);
  return view;
}

}  // namespace procview
