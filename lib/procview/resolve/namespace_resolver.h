// namespace_resolver.h: the real ContainerResolver. A reader's container is
// the init of its pid namespace (also for processes that joined later with
// setns, like `docker exec`); a reader in our own pid namespace is its own
// container.
#ifndef PROCVIEW_RESOLVE_NAMESPACE_RESOLVER_H_
#define PROCVIEW_RESOLVE_NAMESPACE_RESOLVER_H_

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"
#include "lib/procview/resolve/init_cache.h"
#include "lib/procview/resolve/proc_table.h"

namespace procview {

class NamespaceResolver : public ContainerResolver {
 public:
  // Cache sizes beyond a few thousand namespaces are cleared, not grown.
  static constexpr size_t kDefaultCacheEntries = 4096;

  explicit NamespaceResolver(std::unique_ptr<ProcTable> procs,
                             size_t cache_entries = kDefaultCacheEntries);

  // The init of `reader`'s pid namespace as a pid of ours, or `reader` when
  // it shares our pid namespace. Asks the kernel (nsfs ioctl) where it can;
  // otherwise scans /proc once per namespace and caches the answer,
  // validated on every hit. NotFound when the reader is gone. Thread-safe;
  // never forks.
  absl::StatusOr<pid_t> ContainerInit(pid_t reader) override;

  // False once the kernel said it lacks the ioctl (then every miss scans).
  bool uses_ioctl() const { return use_ioctl_.load(std::memory_order_relaxed); }

 private:
  absl::StatusOr<pid_t> InitFromCacheOrScan(const std::string& ns);
  absl::StatusOr<ProcessId> ScanForInit(const std::string& ns) const;

  const std::unique_ptr<ProcTable> procs_;
  const absl::StatusOr<std::string> own_ns_;
  std::atomic<bool> use_ioctl_{true};
  InitCache cache_;
};

// The resolver over the /proc at `proc_root`.
std::unique_ptr<ContainerResolver> NewNamespaceResolver(std::string proc_root);

}  // namespace procview

#endif  // PROCVIEW_RESOLVE_NAMESPACE_RESOLVER_H_
