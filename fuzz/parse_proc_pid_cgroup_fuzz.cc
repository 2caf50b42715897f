// parse_proc_pid_cgroup_fuzz.cc: /proc/PID/cgroup, whose paths a container
// names (spaces, colons, newlines in cgroup names).
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/proc_pid_cgroup.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)procview::ParseProcPidCgroup(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
