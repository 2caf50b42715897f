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

// The vm.swappiness ContainerSwap takes: read only when it would use it
// (swap shown and accounted, and no swappiness of the cgroup's own: v1 has
// one), else the default, unused.
absl::StatusOr<uint64_t> SwappinessFor(const GatherInputs& in, const MemoryReadings& memory) {
  if (in.options.swap && memory.swap_accounting && !memory.swappiness.has_value()) {
    return HostSwappiness(in.host);
  }
  return kDefaultSwappiness;
}

}  // namespace

absl::Status GatherContainerMemory(const GatherInputs& in, ContainerMemory* out) {
  TextBuffer buffer;  // read on the stack, then copied once into the text the render edits
  ASSIGN_OR_RETURN(const std::string_view host,
                   in.host.ReadInto(HostSource::Root::kProc, "meminfo", &buffer));
  out->host = std::string(host);
  // The container's swap files only when swap may be shown. A malformed
  // SwapTotal line counts as some swap: the files are read, and the render
  // names the line.
  const absl::StatusOr<std::optional<uint64_t>> host_swap_total =
      FindMeminfoValue(host, MeminfoKey::kSwapTotal);
  const uint64_t host_swap_kb = host_swap_total.ok() ? host_swap_total->value_or(0) : 1;
  if (NoSwapShown(in.options.swap, host_swap_kb)) {
    ASSIGN_OR_RETURN(out->memory, in.cgroup.MemoryWithoutSwap());
    return absl::OkStatus();  // out->swap: none
  }
  ASSIGN_OR_RETURN(out->memory, in.cgroup.Memory());
  ASSIGN_OR_RETURN(const uint64_t swappiness, SwappinessFor(in, out->memory));
  out->swap = host_swap_total.ok()
                  ? MeminfoSwap(ContainerSwap(out->memory, host_swap_total->value_or(0),
                                              swappiness, in.options.swap))
                  : MeminfoSwap(swappiness, in.options.swap);
  return absl::OkStatus();
}

absl::StatusOr<SwapView> GatherContainerSwap(const GatherInputs& in) {
  TextBuffer buffer;
  ASSIGN_OR_RETURN(const std::string_view text,
                   in.host.ReadInto(HostSource::Root::kProc, "meminfo", &buffer));
  ASSIGN_OR_RETURN(const std::optional<uint64_t> host_swap_total,
                   FindMeminfoValue(text, MeminfoKey::kSwapTotal));
  // No swap shown (swap.h): the cgroup's files are not read, as for meminfo.
  if (NoSwapShown(in.options.swap, host_swap_total.value_or(0))) return SwapView{};
  ASSIGN_OR_RETURN(const MemoryReadings memory, in.cgroup.Swap());
  ASSIGN_OR_RETURN(const uint64_t swappiness, SwappinessFor(in, memory));
  return ContainerSwap(memory, host_swap_total.value_or(0), swappiness, in.options.swap);
}

}  // namespace procview
