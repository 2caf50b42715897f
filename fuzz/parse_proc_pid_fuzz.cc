// parse_proc_pid_fuzz.cc: /proc/PID/stat and /proc/PID/status, which a
// container's processes shape (comm may hold spaces, parentheses, newlines).
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/proc_pid.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)procview::StartTimeTicks(text);
  (void)procview::ProcessState(text);
  (void)procview::InnermostNsPid(text);
  return 0;
}
