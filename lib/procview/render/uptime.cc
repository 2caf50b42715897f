// uptime.cc: the container's /proc/uptime (see uptime.h).
#include "lib/procview/render/uptime.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Writes 16258 as "162.58" at `out` (room for 23 chars); returns the end.
char* WriteCentiseconds(uint64_t cs, char* out) {
  out = WriteDecimal(cs / 100, out);
  *out++ = '.';
  *out++ = static_cast<char>('0' + cs % 100 / 10);
  *out++ = static_cast<char>('0' + cs % 10);
  return out;
}

}  // namespace

absl::StatusOr<std::string> RenderUptime(const UptimeInputs& in) {
  if (in.ticks_per_second == 0 || in.visible_cpus == 0 || in.host_cpus == 0) {
    return absl::InvalidArgumentError("uptime: clock rate and CPU counts must be positive");
  }
  const absl::uint128 started_cs = absl::uint128(in.init_start_ticks) * 100 / in.ticks_per_second;
  const uint64_t uptime_cs =
      started_cs >= in.host.uptime_cs ? 0 : in.host.uptime_cs - static_cast<uint64_t>(started_cs);
  const absl::uint128 cap = absl::uint128(uptime_cs) * in.visible_cpus;
  absl::uint128 idle = 0;
  if (in.busy_ns.has_value()) {
    const absl::uint128 busy_cs = *in.busy_ns / 10'000'000;
    idle = busy_cs >= cap ? 0 : cap - busy_cs;
  } else {
    const absl::uint128 host_cap = absl::uint128(in.host.uptime_cs) * in.host_cpus;
    idle = host_cap == 0 ? 0 : std::min(cap, cap * in.host.idle_cs / host_cap);
  }
  char text[2 * 24];  // two numbers of up to 23 chars, a blank and '\n'
  char* p = WriteCentiseconds(uptime_cs, text);
  *p++ = ' ';
  p = WriteCentiseconds(static_cast<uint64_t>(idle), p);
  *p++ = '\n';
  return std::string(text, static_cast<size_t>(p - text));
}

}  // namespace procview
