// gather_stat.cc: /proc/stat from the host's file and the cgroup's CPU
// accounting, kept monotonic per container by the facade's CpuHistory.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "lib/procview/gather.h"
#include "lib/procview/gather_tasks.h"
#include "lib/procview/parse/proc_pid.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/render/stat.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/track/cpu_history.h"
#include "lib/procview/visible_cpus.h"

namespace procview {
namespace {

// The history is per container instance, not per cgroup path: a container
// recreated at the same path (even with its init's old pid) must start from
// its own counters, never continue the old container's. The init's start
// time tells the instances apart; when it can't be read (init gone) the
// cgroup text alone names the container.
std::optional<CpuHistory::Instance> HistoryInstance(const GatherInputs& in,
                                                    const TaskStatFields& init) {
  if (!init.start_ticks.has_value()) return std::nullopt;
  return CpuHistory::Instance{in.init, *init.start_ticks};
}

// The init's state and start time: read and scanned once, since the init is
// usually one of the tasks counted for procs_running.
TaskStatFields InitStat(const GatherInputs& in) {
  TextBuffer buffer;
  const absl::StatusOr<std::string_view> text = ReadInitStat(in, &buffer);
  return text.ok() ? ParseTaskStat(*text) : TaskStatFields{};
}

// procs_running / procs_blocked of the container; nullopt when its tasks
// can't be listed.
std::optional<ProcessCounts> ContainerProcesses(const GatherInputs& in,
                                                const TaskStatFields& init) {
  TaskIds tasks;
  if (!in.cgroup.TasksInto(&tasks).ok()) return std::nullopt;
  // Unread (exited) or without a state: read again like the other tasks.
  std::optional<KnownTaskState> known;
  if (init.state.has_value()) known = KnownTaskState{in.init, init.state};
  const TaskCounts counts = CountTaskStates(in.host, tasks, known ? &*known : nullptr);
  return ProcessCounts{counts.running, counts.uninterruptible};
}

}  // namespace

absl::StatusOr<std::string> GatherStat(const GatherInputs& in) {
  // Used in place: CpuReadings keeps its lists inline, so a move copies them.
  ASSIGN_OR_RETURN(const CpuReadings& cpu, in.cgroup.Cpu());
  // The host's text stays in this buffer (on the stack unless large) while
  // its parse, which keeps views into it, is rendered.
  TextBuffer buffer;
  ASSIGN_OR_RETURN(const std::string_view text,
                   in.host.ReadInto(HostSource::Root::kProc, "stat", &buffer));
  // The cpu lines' numbers are checked here and parsed below only for the
  // visible CPUs (the `cpu` total is the container's own sum).
  ProcStat host;
  RETURN_IF_ERROR(ParseProcStatView(text, &host, CpuColumns::kChecked));
  // The same rule as ContainerCpus (gather_cpus.h), on the file already read:
  // online host CPUs are exactly those with a cpuN line. Both lists, and the
  // container's lines, are kept on the stack.
  CpuList online;
  for (const CpuStatLine& line : host.cpus) online.push_back(line.cpu);
  CpuList visible;
  VisibleHostCpus(cpu, online, in.options.cpu_view_from_quota, &visible);
  host.ParseTicksOf(visible);
  absl::InlinedVector<CpuTicks, 8> ticks(visible.size());
  RETURN_IF_ERROR(ContainerCpuTicksInto(host, visible, cpu, absl::MakeSpan(ticks)));
  const TaskStatFields init = InitStat(in);
  in.cpu_history.ApplyInPlace(in.key, HistoryInstance(in, init), visible, absl::MakeSpan(ticks),
                              in.now);
  return RenderStat(host, ticks, ContainerProcesses(in, init));
}

}  // namespace procview
