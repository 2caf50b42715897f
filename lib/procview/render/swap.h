// swap.h: how much swap a container sees, by the "Swap handling" rules of
// the LXCFS README, shared by meminfo's swap lines and /proc/swaps so the
// two always agree.
//
//   - swap reporting off (Options::swap = false, LXCFS -u): no swap;
//   - no swap on the host (SwapTotal 0): no swap, whatever the cgroup's
//     files say (v1's memsw.usage - usage is then only the noise of two
//     reads that are not one snapshot); readers need not read those files;
//   - no per-cgroup swap accounting: no swap (its use can't be known, and
//     neither the host's values nor zeros would be right);
//   - swappiness 0 (the cgroup's, else the host's): no swap while none is
//     used; with usage, a device exactly that size and 100% full;
//   - otherwise the size is the smaller of the RAM+SWAP limit and the
//     host's swap, so usage can't exceed it.
// Usage is clamped to the size: free never underflows.
#ifndef PROCVIEW_RENDER_SWAP_H_
#define PROCVIEW_RENDER_SWAP_H_

#include <cstdint>

#include "lib/procview/readings.h"

namespace procview {

// Swap of a container, in kB. used <= total always.
struct SwapView {
  uint64_t total_kb = 0;
  uint64_t used_kb = 0;
  uint64_t free_kb() const { return total_kb - used_kb; }
};

// True when no swap is shown whatever the cgroup's readings are (swap not
// reported, or the host has none): then a reader need not read them.
inline bool NoSwapShown(bool report_swap, uint64_t host_swap_total_kb) {
  return !report_swap || host_swap_total_kb == 0;
}

// The container's swap from its memory readings, the host's SwapTotal (kB)
// and vm.swappiness, and whether swap is reported at all.
SwapView ContainerSwap(const MemoryReadings& memory, uint64_t host_swap_total_kb,
                       uint64_t host_swappiness, bool report_swap);

}  // namespace procview

#endif  // PROCVIEW_RENDER_SWAP_H_
