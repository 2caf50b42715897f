// proc_pid.h: pure parsers of per-process /proc files: /proc/PID/stat
// (state, start time) and /proc/PID/status (NSpid).
#ifndef PROCVIEW_PARSE_PROC_PID_H_
#define PROCVIEW_PARSE_PROC_PID_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"

namespace procview {

// Returns field 22 of /proc/PID/stat text (the process start time in clock
// ticks since boot). The command name (field 2) may hold spaces and ')', so
// fields are counted from the last ')'. InvalidArgument on malformed text.
absl::StatusOr<uint64_t> StartTimeTicks(std::string_view stat_text);

// Returns field 3 of /proc/PID/stat text: the state letter ('R' running,
// 'D' uninterruptible sleep, 'S', 'Z', ...). InvalidArgument when malformed.
absl::StatusOr<char> ProcessState(std::string_view stat_text);

// Fields 3 (state) and 22 (start time) of /proc/PID/stat text, found in
// one scan: /proc/stat wants both of the container's init. Each is nullopt
// where ProcessState / StartTimeTicks would fail.
struct TaskStatFields {
  std::optional<char> state;
  std::optional<uint64_t> start_ticks;
};
TaskStatFields ParseTaskStat(std::string_view stat_text);

// Returns the last number of the "NSpid:" line of /proc/PID/status text: the
// process's pid in its own (innermost) pid namespace. 1 means it is that
// namespace's init. InvalidArgument when the line is missing or malformed.
absl::StatusOr<pid_t> InnermostNsPid(std::string_view status_text);

}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_PID_H_
