// container_scan.h: finds the containers that have procview files mounted,
// by grouping /proc/*/ns/mnt and reading one mountinfo per namespace.
#ifndef PROCVIEW_FRONTENDS_CLI_CONTAINER_SCAN_H_
#define PROCVIEW_FRONTENDS_CLI_CONTAINER_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "frontends/cli/mount_table.h"

namespace procview::cli {

struct ContainerMounts {
  int pid = 0;          // the lowest host pid in the mount namespace
  uint64_t mnt_ns = 0;  // the namespace's inode
  std::vector<MountEntry> binds;  // procview files mounted there (also dead ones)
};

// Every mount namespace except `skip_ns` that has procview bind mounts,
// ordered by pid. Processes that vanish during the scan are ignored.
absl::StatusOr<std::vector<ContainerMounts>> FindContainers(const std::string& proc_root,
                                                            uint64_t skip_ns);

// The procview bind mounts of the mount namespace of `pid` (may be none).
// NotFound when the process does not exist.
absl::StatusOr<ContainerMounts> ContainerOf(const std::string& proc_root, int pid);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_CONTAINER_SCAN_H_
