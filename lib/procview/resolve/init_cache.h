// init_cache.h: remembers the init process of each pid namespace, and never
// hands out an entry whose process has since exited (pid reuse).
#ifndef PROCVIEW_RESOLVE_INIT_CACHE_H_
#define PROCVIEW_RESOLVE_INIT_CACHE_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "lib/procview/resolve/proc_table.h"

namespace procview {

// A process, identified so that a recycled pid does not match: the pid plus
// its start time (/proc/PID/stat field 22).
struct ProcessId {
  pid_t pid = 0;
  uint64_t start_ticks = 0;
};

// Thread-safe map: pid-namespace identity -> its init. Bounded: when it
// holds `max_entries` it is cleared (namespaces come and go; a miss costs a
// scan, never a wrong answer).
class InitCache {
 public:
  explicit InitCache(size_t max_entries) : max_entries_(max_entries) {}

  // Returns the cached init of namespace `ns` if `procs` shows that it still
  // runs: same pid, same start time, still in `ns`. A stale entry is dropped
  // and nullopt returned.
  std::optional<pid_t> Find(const ProcTable& procs, const std::string& ns);

  // Records `init` as the init of `ns`.
  void Put(const std::string& ns, ProcessId init);

  size_t size() const;

 private:
  const size_t max_entries_;
  // std::mutex: the system abseil's Mutex is invisible to ThreadSanitizer.
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, ProcessId> entries_ ABSL_GUARDED_BY(mu_);
};

// True when `process` is still the one that was recorded: its pid exists,
// started at the same tick and lives in pid namespace `ns`.
bool StillSameProcess(const ProcTable& procs, const ProcessId& process, const std::string& ns);

}  // namespace procview

#endif  // PROCVIEW_RESOLVE_INIT_CACHE_H_
