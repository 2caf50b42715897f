// gather_memory.cc: the memory values shared by meminfo and swaps.
#include "lib/procview/gather_memory.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

constexpr uint64_t kDefaultSwappiness = 60;  // the kernel's default vm.swappiness

absl::StatusOr<uint64_t> HostSwappiness(const HostSource& host) {
  absl::StatusOr<std::string> text = host.ReadProc("sys/vm/swappiness");
  if (absl::IsNotFound(text.status())) return kDefaultSwappiness;
  if (!text.ok()) return text.status();
  uint64_t swappiness = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(*text), &swappiness)) {
    return absl::InvalidArgumentError(absl::StrCat("bad vm.swappiness \"", *text, "\""));
  }
  return swappiness;
}

// The container's swap from its readings and the host's SwapTotal (kB).
// vm.swappiness is read only when ContainerSwap would use it: swap shown and
// accounted, and no swappiness of the cgroup's own (v1 has one).
absl::StatusOr<SwapView> SwapOf(const GatherInputs& in, const MemoryReadings& memory,
                                std::optional<uint64_t> host_swap_total_kb) {
  uint64_t swappiness = kDefaultSwappiness;  // unused unless read below
  if (in.options.swap && memory.swap_accounting && !memory.swappiness.has_value()) {
    ASSIGN_OR_RETURN(swappiness, HostSwappiness(in.host));
  }
  return ContainerSwap(memory, host_swap_total_kb.value_or(0), swappiness, in.options.swap);
}

}  // namespace

absl::StatusOr<ContainerMemory> GatherContainerMemory(const GatherInputs& in) {
  ContainerMemory out;
  ASSIGN_OR_RETURN(out.memory, in.cgroup.Memory());
  TextBuffer buffer;  // read on the stack, then copied once into the text the render edits
  ASSIGN_OR_RETURN(const std::string_view host,
                   in.host.ReadInto(HostSource::Root::kProc, "meminfo", &buffer));
  out.host = std::string(host);
  ASSIGN_OR_RETURN(const std::optional<uint64_t> host_swap_total,
                   FindMeminfoValue(host, MeminfoKey::kSwapTotal));
  ASSIGN_OR_RETURN(out.swap, SwapOf(in, out.memory, host_swap_total));
  return out;
}

absl::StatusOr<SwapView> GatherContainerSwap(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const MemoryReadings memory, in.cgroup.Swap());
  TextBuffer buffer;
  ASSIGN_OR_RETURN(const std::string_view text,
                   in.host.ReadInto(HostSource::Root::kProc, "meminfo", &buffer));
  ASSIGN_OR_RETURN(const std::optional<uint64_t> host_swap_total,
                   FindMeminfoValue(text, MeminfoKey::kSwapTotal));
  return SwapOf(in, memory, host_swap_total);
}

}  // namespace procview
