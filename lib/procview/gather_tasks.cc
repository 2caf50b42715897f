// gather_tasks.cc: task state counts of a container.
#include "lib/procview/gather_tasks.h"

#include <cstring>
#include <string>

#include "absl/strings/numbers.h"
#include "lib/procview/parse/loadavg.h"
#include "lib/procview/parse/proc_pid.h"
#include "lib/procview/status_macros.h"

namespace procview {

ProcPidStat::ProcPidStat(pid_t pid) {
  char* const end = absl::numbers_internal::FastIntToBuffer(static_cast<int32_t>(pid), buf_);
  constexpr std::string_view kSuffix = "/stat";
  std::memcpy(end, kSuffix.data(), kSuffix.size());  // an int32 takes <= 11 chars: it fits
  size_ = static_cast<size_t>(end - buf_) + kSuffix.size();
}

absl::StatusOr<std::string_view> ReadInitStat(const GatherInputs& in, TextBuffer* buffer) {
  return in.host.ReadInto(HostSource::Root::kProc, ProcPidStat(in.init).path(), buffer);
}

absl::StatusOr<uint64_t> InitStartTicks(const GatherInputs& in) {
  TextBuffer buffer;
  ASSIGN_OR_RETURN(const std::string_view stat, ReadInitStat(in, &buffer));
  return StartTimeTicks(stat);
}

TaskCounts CountTaskStates(const HostSource& host, absl::Span<const pid_t> tasks,
                           const KnownTaskState* known) {
  TaskCounts counts;
  TextBuffer buffer;  // a stat line is ~300 bytes: no string per task
  for (const pid_t task : tasks) {
    std::optional<char> state;
    if (known != nullptr && task == known->pid) {
      state = known->state;
    } else {
      absl::StatusOr<std::string_view> stat =
          host.ReadInto(HostSource::Root::kProc, ProcPidStat(task).path(), &buffer);
      if (!stat.ok()) continue;  // exited meanwhile
      absl::StatusOr<char> read = ProcessState(*stat);
      if (read.ok()) state = *read;
    }
    if (!state.has_value()) continue;
    ++counts.total;
    if (*state == 'R') ++counts.running;
    if (*state == 'D') ++counts.uninterruptible;
  }
  return counts;
}

absl::StatusOr<TaskCounts> CountContainerTasks(const HostSource& host,
                                               const CgroupSource& cgroup) {
  TaskIds tasks;
  RETURN_IF_ERROR(cgroup.TasksInto(&tasks));
  TaskCounts counts = CountTaskStates(host, tasks);
  TextBuffer buffer;  // a few bytes: no string per read
  if (absl::StatusOr<std::string_view> text =
          host.ReadInto(HostSource::Root::kProc, "loadavg", &buffer);
      text.ok()) {
    if (absl::StatusOr<HostLoadavg> loadavg = ParseLoadavg(*text); loadavg.ok()) {
      counts.last_pid = loadavg->last_pid;
    }
  }
  return counts;
}

}  // namespace procview
