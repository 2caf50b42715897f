// gather_stat.cc: /proc/stat from the host's file and the cgroup's CPU
// accounting, kept monotonic per container by the facade's CpuHistory.
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace

absl::StatusOr<std::string> GatherStat(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const CpuReadings cpu, in.cgroup.Cpu());
  ASSIGN_OR_RETURN(std::string text, in.host.ReadProc("stat"));
  ASSIGN_OR_RETURN(const ProcStat host, ParseProcStat(std::move(text)));
  // The same rule as ContainerCpus (gather_cpus.h), on the file already read:
  // online host CPUs are exactly those with a cpuN line. Both lists are kept
  // on the stack.
  CpuList online;
  for (const CpuStatLine& line : host.cpus) online.push_back(line.cpu);
  CpuList visible;
  VisibleHostCpus(cpu, online, in.options.cpu_view_from_quota, &visible);
  ASSIGN_OR_RETURN(std::vector<CpuTicks> ticks, ContainerCpuTicks(host, visible, cpu));
  // Read and scanned once: the init is usually one of the tasks counted below.
  TaskStatFields init;
  if (const absl::StatusOr<std::string> init_text = ReadInitStat(in); init_text.ok()) {
    init = ParseTaskStat(*init_text);
  }
  ticks = in.cpu_history.Apply(in.key, HistoryInstance(in, init), visible, std::move(ticks),
                               in.now);
  std::optional<ProcessCounts> procs;
  if (absl::StatusOr<std::vector<pid_t>> tasks = in.cgroup.Tasks(); tasks.ok()) {
    // Unread (exited) or without a state: read again like the other tasks.
    std::optional<KnownTaskState> known;
    if (init.state.has_value()) known = KnownTaskState{in.init, init.state};
    const TaskCounts counts = CountTaskStates(in.host, *tasks, known ? &*known : nullptr);
    procs = ProcessCounts{counts.running, counts.uninterruptible};
  }
  return RenderStat(host, ticks, procs);
}

}  // namespace procview
