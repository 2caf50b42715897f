// swaps.h: the container's /proc/swaps.
//
// The host's devices say nothing about a container's share, so, as LXCFS
// does, the file has the kernel's header and, when the container has swap
// (swap.h), one line for a device named "none" of type "virtual" with the
// container's size and usage in kB (the same numbers as meminfo's
// SwapTotal and SwapTotal - SwapFree), priority 0.
#ifndef PROCVIEW_RENDER_SWAPS_H_
#define PROCVIEW_RENDER_SWAPS_H_

#include <string>

#include "lib/procview/render/swap.h"

namespace procview {

// Renders /proc/swaps for `swap`, column-aligned as the kernel does.
std::string RenderSwaps(const SwapView& swap);

}  // namespace procview

#endif  // PROCVIEW_RENDER_SWAPS_H_
