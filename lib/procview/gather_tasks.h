// gather_tasks.h: counts a container's tasks by state from the host's
// /proc/TID/stat (for /proc/stat procs_running/procs_blocked and loadavg).
#ifndef PROCVIEW_GATHER_TASKS_H_
#define PROCVIEW_GATHER_TASKS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "lib/procview/gather.h"
#include "lib/procview/procview.h"
#include "lib/procview/track/loadavg_sampler.h"

namespace procview {

// "PID/stat" (relative to /proc), composed in place without allocating:
// /proc/stat and loadavg read it for every task of a container.
class ProcPidStat {
 public:
  explicit ProcPidStat(pid_t pid);
  std::string_view path() const { return std::string_view(buf_, size_); }

 private:
  char buf_[32];
  size_t size_ = 0;
};

// The text of the container's init's /proc/INIT/stat, read into `buffer`.
absl::StatusOr<std::string_view> ReadInitStat(const GatherInputs& in, TextBuffer* buffer);

// The start time of the container's init (/proc/INIT/stat field 22), read
// from the file.
absl::StatusOr<uint64_t> InitStartTicks(const GatherInputs& in);

// A task's state known already (the init's, whose /proc/PID/stat is read
// for its start time; the init is usually one of the container's tasks).
// nullopt when its text had no state.
struct KnownTaskState {
  pid_t pid = 0;
  std::optional<char> state;
};

// Tasks of `tasks` in state R (running) and D (uninterruptible), and their
// number. Tasks that exit while being counted are left out. last_pid is 0.
// The task of `known`, when given, is counted from its state without reading
// its file again.
TaskCounts CountTaskStates(const HostSource& host, absl::Span<const pid_t> tasks,
                           const KnownTaskState* known = nullptr);

// The same for every task of `cgroup`, with last_pid from the host's
// /proc/loadavg (the kernel's pid cursor; 0 when unreadable). NotFound when
// the cgroup is gone.
absl::StatusOr<TaskCounts> CountContainerTasks(const HostSource& host,
                                               const CgroupSource& cgroup);

}  // namespace procview

#endif  // PROCVIEW_GATHER_TASKS_H_
