// container_scan.cc: the /proc walk behind `umount --all` / `remount --all`.
#include "frontends/cli/container_scan.h"

#include <dirent.h>
#include <errno.h>

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "frontends/cli/namespaces.h"

namespace procview::cli {

absl::StatusOr<ContainerMounts> ContainerOf(const std::string& proc_root, int pid) {
  ContainerMounts container;
  container.pid = pid;
  absl::StatusOr<uint64_t> ns = MountNamespaceOf(proc_root, pid);
  if (!ns.ok()) return ns.status();
  container.mnt_ns = *ns;
  absl::StatusOr<std::vector<MountEntry>> mounts = ReadMountInfo(proc_root, pid);
  if (!mounts.ok()) return mounts.status();
  container.binds = ProcviewBindMounts(*mounts);
  return container;
}

absl::StatusOr<std::vector<ContainerMounts>> FindContainers(const std::string& proc_root,
                                                            uint64_t skip_ns) {
  DIR* dir = opendir(proc_root.c_str());
  if (dir == nullptr) return absl::ErrnoToStatus(errno, absl::StrCat("opendir ", proc_root));
  std::map<uint64_t, int> lowest_pid;  // namespace -> lowest pid in it
  while (struct dirent* entry = readdir(dir)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid) || pid <= 0) continue;
    absl::StatusOr<uint64_t> ns = MountNamespaceOf(proc_root, pid);
    if (!ns.ok() || *ns == skip_ns) continue;  // gone, or a kernel thread
    auto [it, inserted] = lowest_pid.emplace(*ns, pid);
    if (!inserted && pid < it->second) it->second = pid;
  }
  closedir(dir);
  std::vector<ContainerMounts> containers;
  for (const auto& [ns, pid] : lowest_pid) {
    absl::StatusOr<ContainerMounts> container = ContainerOf(proc_root, pid);
    if (!container.ok() || container->binds.empty()) continue;
    containers.push_back(std::move(*container));
  }
  std::sort(containers.begin(), containers.end(),
            [](const ContainerMounts& a, const ContainerMounts& b) { return a.pid < b.pid; });
  return containers;
}

}  // namespace procview::cli
