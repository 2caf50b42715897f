// loadavg.h: parser of /proc/loadavg text ("0.01 0.02 0.00 1/141 17705").
#ifndef PROCVIEW_PARSE_LOADAVG_H_
#define PROCVIEW_PARSE_LOADAVG_H_

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace procview {

struct HostLoadavg {
  std::array<uint64_t, 3> hundredths{};  // 1, 5, 15 min averages x 100
  uint64_t running = 0;
  uint64_t total = 0;
  pid_t last_pid = 0;
};

// Parses /proc/loadavg. InvalidArgument unless the text is three "N.NN"
// averages, "running/total" and a pid, on one line.
absl::StatusOr<HostLoadavg> ParseLoadavg(std::string_view text);

}  // namespace procview

#endif  // PROCVIEW_PARSE_LOADAVG_H_
