// parse_proc_pid_fuzz.cc: /proc/PID/stat and /proc/PID/status, which a
// container's processes shape (comm may hold spaces, parentheses, newlines).
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/proc_pid.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<uint64_t> start = procview::StartTimeTicks(text);
  const absl::StatusOr<char> state = procview::ProcessState(text);
  // The one-scan parse must agree with the two single-field ones.
  const procview::TaskStatFields both = procview::ParseTaskStat(text);
  if (start.ok() != both.start_ticks.has_value() || state.ok() != both.state.has_value() ||
      (start.ok() && *start != *both.start_ticks) || (state.ok() && *state != *both.state)) {
    __builtin_trap();
  }
  (void)procview::InnermostNsPid(text);
  return 0;
}
