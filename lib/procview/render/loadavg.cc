// loadavg.cc: prints load averages like the kernel's loadavg_proc_show().
#include "lib/procview/render/loadavg.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace procview {
namespace {

uint64_t LoadInt(uint64_t x) { return x >> kLoadFshift; }
uint64_t LoadFrac(uint64_t x) { return LoadInt((x & (kLoadFixed1 - 1)) * 100); }

}  // namespace

absl::StatusOr<std::string> RenderLoadavg(const LoadavgValues& values) {
  if (values.running > values.total) {
    return absl::InvalidArgumentError(
        absl::StrFormat("loadavg: %d running tasks out of %d", values.running, values.total));
  }
  if (values.last_pid < 0) return absl::InvalidArgumentError("loadavg: negative last pid");
  std::array<uint64_t, 3> a = values.avenrun;
  for (uint64_t& x : a) x += kLoadFixed1 / 200;  // round to 2 decimals
  return absl::StrFormat("%d.%02d %d.%02d %d.%02d %d/%d %d\n", LoadInt(a[0]), LoadFrac(a[0]),
                         LoadInt(a[1]), LoadFrac(a[1]), LoadInt(a[2]), LoadFrac(a[2]),
                         values.running, values.total, values.last_pid);
}

}  // namespace procview
