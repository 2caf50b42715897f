// loadavg.h: the container's /proc/loadavg.
//
// Load averages are kept the kernel's way, as fixed-point numbers with
// FSHIFT fraction bits (track/loadavg_sampler updates them), and printed the
// way the kernel's loadavg_proc_show() prints them.
#ifndef PROCVIEW_RENDER_LOADAVG_H_
#define PROCVIEW_RENDER_LOADAVG_H_

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace procview {

// The kernel's fixed-point load (include/linux/sched/loadavg.h).
inline constexpr uint64_t kLoadFshift = 11;
inline constexpr uint64_t kLoadFixed1 = uint64_t{1} << kLoadFshift;  // 1.0

// What /proc/loadavg shows.
struct LoadavgValues {
  std::array<uint64_t, 3> avenrun{};  // 1, 5, 15 minutes, kLoadFixed1 = 1.0
  uint64_t running = 0;               // runnable tasks now
  uint64_t total = 0;                 // all tasks
  pid_t last_pid = 0;                 // most recently created pid
};

// "%lu.%02lu %lu.%02lu %lu.%02lu running/total last_pid\n", rounding each
// average to two decimals as the kernel does (it adds FIXED_1/200 first).
// InvalidArgument when running > total or last_pid < 0.
absl::StatusOr<std::string> RenderLoadavg(const LoadavgValues& values);

}  // namespace procview

#endif  // PROCVIEW_RENDER_LOADAVG_H_
