// stat.h: the container's /proc/stat.
//
// Two pure steps, so a tracker can sit between them (track/cpu_history):
//   ContainerCpuTicks: host /proc/stat + the cgroup's CPU accounting
//                      -> one CpuTicks per visible CPU;
//   RenderStat:        those ticks + the host file -> /proc/stat text.
//
// What each column holds (USER_HZ = 100 ticks per second):
//   user, system  the cgroup's own CPU time (cpuacct / cpu.stat);
//   idle          the rest of the host CPU's wall time: the host cpuN line's
//                 total (guest columns left out) minus user and system, so
//                 every cpuN line adds up to that CPU's wall time, as on a VM;
//   nice, iowait, irq, softirq, steal, guest, guest_nice
//                 0: the kernel does not account them per cgroup, and the
//                 host's values belong to every tenant. Their time is idle.
// The `cpu` line is the exact column-wise sum of the cpuN lines; CPUs are
// numbered 0..N-1 in the order of the visible host CPUs. intr, ctxt, btime
// (the host's: ps computes start times from it), processes and softirq are
// the host's; procs_running/procs_blocked are the container's when given.
#ifndef PROCVIEW_RENDER_STAT_H_
#define PROCVIEW_RENDER_STAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/readings.h"

namespace procview {

// Nanoseconds per USER_HZ tick.
inline constexpr uint64_t kNsPerTick = 10'000'000;

// The container's CPU time, one entry per host CPU in `visible` (container
// cpu0 is visible[0]).
//
// With per-CPU accounting (cgroup v1; the totals are then unused) each
// visible CPU gets its own usage; usage on host CPUs that are not visible
// (outside the cpuset now, or hidden by a quota-sized view) is spread evenly
// over the visible ones, so the sum of all lines is the cgroup's whole usage.
// Without it (v2) the totals are spread evenly. No line shows more
// user+system than its wall time: the excess moves to lines with room, and
// what does not fit anywhere is dropped.
//
// InvalidArgument when `visible` is empty or repeats a CPU; FailedPrecondition
// when a visible CPU has no line in the host file (it went offline).
absl::StatusOr<std::vector<CpuTicks>> ContainerCpuTicks(const ProcStat& host,
                                                        absl::Span<const int> visible,
                                                        const CpuReadings& cpu);

// The same into `out`, which has a line for each CPU of `visible` (a caller
// keeps them on the stack).
absl::Status ContainerCpuTicksInto(const ProcStat& host, absl::Span<const int> visible,
                                   const CpuReadings& cpu, absl::Span<CpuTicks> out);

// Task counts of the container, for procs_running / procs_blocked.
struct ProcessCounts {
  uint64_t running = 0;  // tasks in state R
  uint64_t blocked = 0;  // tasks in state D
};

// Renders /proc/stat: `cpu` (the sum of `cpus`), cpu0..cpuN-1 from `cpus`
// with the host's column count, then the host's other lines in the host's
// order (unknown ones included), with procs_running / procs_blocked replaced
// by `procs` when given. InvalidArgument when `cpus` is empty.
absl::StatusOr<std::string> RenderStat(const ProcStat& host, absl::Span<const CpuTicks> cpus,
                                       std::optional<ProcessCounts> procs);

}  // namespace procview

#endif  // PROCVIEW_RENDER_STAT_H_
