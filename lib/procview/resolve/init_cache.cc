// init_cache.cc: a bounded, validated cache of pid-namespace inits.
#include "lib/procview/resolve/init_cache.h"

#include "lib/procview/parse/proc_pid.h"

namespace procview {

bool StillSameProcess(const ProcTable& procs, const ProcessId& process, const std::string& ns) {
  absl::StatusOr<std::string> stat = procs.ReadStat(process.pid);
  if (!stat.ok()) return false;
  absl::StatusOr<uint64_t> start = StartTimeTicks(*stat);
  if (!start.ok() || *start != process.start_ticks) return false;
  absl::StatusOr<std::string> current_ns = procs.PidNamespace(process.pid);
  return current_ns.ok() && *current_ns == ns;
}

std::optional<pid_t> InitCache::Find(const ProcTable& procs, const std::string& ns) {
  ProcessId init;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(ns);
    if (it == entries_.end()) return std::nullopt;
    init = it->second;
  }
  // Validate outside the lock: it reads /proc.
  if (StillSameProcess(procs, init, ns)) return init.pid;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(ns);
  // Another thread may have stored a fresh entry meanwhile: keep that one.
  if (it != entries_.end() && it->second.pid == init.pid &&
      it->second.start_ticks == init.start_ticks) {
    entries_.erase(it);
  }
  return std::nullopt;
}

void InitCache::Put(const std::string& ns, ProcessId init) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(ns)) entries_.clear();
  entries_[ns] = init;
}

size_t InitCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace procview
