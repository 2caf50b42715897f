// namespace_resolver.cc: reader pid -> init of its pid namespace.
#include "lib/procview/resolve/namespace_resolver.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/parse/proc_pid.h"
#include "lib/procview/status_macros.h"

namespace procview {

NamespaceResolver::NamespaceResolver(std::unique_ptr<ProcTable> procs, size_t cache_entries)
    : procs_(std::move(procs)), own_ns_(procs_->OwnPidNamespace()), cache_(cache_entries) {}

absl::StatusOr<pid_t> NamespaceResolver::ContainerInit(pid_t reader) {
  if (reader <= 0) return absl::InvalidArgumentError(absl::StrCat("bad reader pid ", reader));
  if (own_ns_.ok()) {  // most readers share it: compared without a string
    ASSIGN_OR_RETURN(const bool own, procs_->InPidNamespace(reader, *own_ns_));
    if (own) return reader;
  }
  if (use_ioctl_.load(std::memory_order_relaxed)) {
    absl::StatusOr<pid_t> init = procs_->NamespaceInit(reader);
    if (!absl::IsUnimplemented(init.status())) return init;
    use_ioctl_.store(false, std::memory_order_relaxed);
  }
  ASSIGN_OR_RETURN(const std::string ns, procs_->PidNamespace(reader));
  return InitFromCacheOrScan(ns);
}

absl::StatusOr<pid_t> NamespaceResolver::InitFromCacheOrScan(const std::string& ns) {
  if (std::optional<pid_t> cached = cache_.Find(*procs_, ns)) return *cached;
  ASSIGN_OR_RETURN(const ProcessId init, ScanForInit(ns));
  cache_.Put(ns, init);
  return init.pid;
}

absl::StatusOr<ProcessId> NamespaceResolver::ScanForInit(const std::string& ns) const {
  ASSIGN_OR_RETURN(const std::vector<pid_t> pids, procs_->ListPids());
  for (const pid_t pid : pids) {
    // Processes come and go during the scan: skip any that fail to read.
    absl::StatusOr<std::string> pid_ns = procs_->PidNamespace(pid);
    if (!pid_ns.ok() || *pid_ns != ns) continue;
    absl::StatusOr<std::string> status = procs_->ReadStatus(pid);
    if (!status.ok()) continue;
    absl::StatusOr<pid_t> inner = InnermostNsPid(*status);
    if (!inner.ok() || *inner != 1) continue;
    absl::StatusOr<std::string> stat = procs_->ReadStat(pid);
    if (!stat.ok()) continue;
    absl::StatusOr<uint64_t> start = StartTimeTicks(*stat);
    if (!start.ok()) continue;
    return ProcessId{pid, *start};
  }
  return absl::NotFoundError(absl::StrCat("no init found for pid namespace ", ns));
}

std::unique_ptr<ContainerResolver> NewNamespaceResolver(std::string proc_root) {
  return std::make_unique<NamespaceResolver>(NewProcFsTable(std::move(proc_root)));
}

}  // namespace procview
