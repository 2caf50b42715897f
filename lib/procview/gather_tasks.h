// gather_tasks.h: counts a container's tasks by state from the host's
// /proc/TID/stat (for /proc/stat procs_running/procs_blocked and loadavg).
#ifndef PROCVIEW_GATHER_TASKS_H_
#define PROCVIEW_GATHER_TASKS_H_

#include <sys/types.h>

#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"
#include "lib/procview/track/loadavg_sampler.h"

namespace procview {

// Tasks of `tasks` in state R (running) and D (uninterruptible), and their
// number. Tasks that exit while being counted are left out. last_pid is 0.
TaskCounts CountTaskStates(const HostSource& host, const std::vector<pid_t>& tasks);

// The same for every task of `cgroup`, with last_pid from the host's
// /proc/loadavg (the kernel's pid cursor; 0 when unreadable). NotFound when
// the cgroup is gone.
absl::StatusOr<TaskCounts> CountContainerTasks(const HostSource& host,
                                               const CgroupSource& cgroup);

}  // namespace procview

#endif  // PROCVIEW_GATHER_TASKS_H_
