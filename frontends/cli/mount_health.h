// mount_health.h: is a procview mount root alive? (`procview check`, and
// the hooks' "skip when the daemon is not there" rule.)
#ifndef PROCVIEW_FRONTENDS_CLI_MOUNT_HEALTH_H_
#define PROCVIEW_FRONTENDS_CLI_MOUNT_HEALTH_H_

#include <string>
#include <vector>

#include "frontends/cli/mount_table.h"

namespace procview::cli {

enum class MountState {
  kHealthy,     // mounted, and a probe file reads
  kNotMounted,  // no procview mount at the root
  kDead,        // mounted, but reads fail (ENOTCONN after a daemon crash)
  kHung,        // mounted, but a read did not finish in time
};

struct MountHealth {
  MountState state = MountState::kNotMounted;
  std::string message;  // one line for the user
};

// Decides from the caller's mount table and a probe read. Pure: the table
// and the probe's outcome are inputs (probe_errno 0 = read fine, -1 = timed out).
MountHealth JudgeMount(const std::vector<MountEntry>& mounts, const std::string& mount_root,
                       int probe_errno);

// The real check: this process's mountinfo, then a read of
// MOUNT_ROOT/proc/meminfo in a child that is killed after `timeout_ms`
// (a hung daemon must not hang the checker).
MountHealth CheckMount(const std::string& mount_root, int timeout_ms = 3000);

// "/var/lib/procview/" -> "/var/lib/procview" (no realpath: a dead FUSE
// mount point cannot be stat'ed).
std::string NormalizeRoot(const std::string& path);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_MOUNT_HEALTH_H_
