// swaps.cc: the container's /proc/swaps (see swaps.h).
#include "lib/procview/render/swaps.h"

#include "absl/strings/str_cat.h"

namespace procview {
namespace {

// The kernel pads a number with one more tab when it is under 8 digits,
// keeping the columns under its header aligned.
const char* PadAfter(uint64_t kb) { return kb < 10000000 ? "\t" : ""; }

}  // namespace

std::string RenderSwaps(const SwapView& swap) {
  std::string out = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
  if (swap.total_kb == 0) return out;
  // The name column is 40 wide; "virtual\t\t" lands on the Size column.
  absl::StrAppend(&out, "none", std::string(36, ' '), "virtual\t\t", swap.total_kb, "\t",
                  PadAfter(swap.total_kb));
  absl::StrAppend(&out, swap.used_kb, "\t", PadAfter(swap.used_kb), "0\n");
  return out;
}

}  // namespace procview
