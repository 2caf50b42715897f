// uptime.h: parser of /proc/uptime text ("12345.67 54321.00").
#ifndef PROCVIEW_PARSE_UPTIME_H_
#define PROCVIEW_PARSE_UPTIME_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace procview {

// Both numbers of /proc/uptime, in hundredths of a second (the kernel's
// precision): seconds since boot, and idle seconds summed over all CPUs.
struct Uptime {
  uint64_t uptime_cs = 0;
  uint64_t idle_cs = 0;
};

// Parses "SECONDS.CC IDLE.CC\n". InvalidArgument unless there are exactly
// two non-negative numbers with at most two decimals.
absl::StatusOr<Uptime> ParseUptime(std::string_view text);

}  // namespace procview

#endif  // PROCVIEW_PARSE_UPTIME_H_
