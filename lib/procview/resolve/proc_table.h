// proc_table.h: the per-process /proc questions that resolution asks, behind
// an interface so the decision logic (namespace_resolver, init_cache) runs
// on a fake process table in tests.
#ifndef PROCVIEW_RESOLVE_PROC_TABLE_H_
#define PROCVIEW_RESOLVE_PROC_TABLE_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {

class ProcTable {
 public:
  virtual ~ProcTable() = default;
  // Identity of PID's pid namespace: the target of /proc/PID/ns/pid, e.g.
  // "pid:[4026531836]". NotFound when PID does not exist.
  virtual absl::StatusOr<std::string> PidNamespace(pid_t pid) const = 0;
  // Identity of the caller's own pid namespace (same form).
  virtual absl::StatusOr<std::string> OwnPidNamespace() const = 0;
  // Whether PID's pid namespace is `ns` (as PidNamespace(pid) == ns; errors
  // as PidNamespace). Asked on every read: the real table compares without
  // making a string.
  virtual absl::StatusOr<bool> InPidNamespace(pid_t pid, std::string_view ns) const;
  // Text of /proc/PID/stat and /proc/PID/status. NotFound when PID is gone.
  virtual absl::StatusOr<std::string> ReadStat(pid_t pid) const = 0;
  virtual absl::StatusOr<std::string> ReadStatus(pid_t pid) const = 0;
  // Every pid listed in /proc.
  virtual absl::StatusOr<std::vector<pid_t>> ListPids() const = 0;
  // Asks the kernel for the init of PID's pid namespace, as a pid of the
  // caller's namespace (nsfs ioctl NS_GET_TGID_FROM_PIDNS). Unimplemented
  // when the kernel (or the /proc in use) cannot answer; NotFound when PID or
  // its namespace's init is gone.
  virtual absl::StatusOr<pid_t> NamespaceInit(pid_t pid) const = 0;
};

// The real table, reading `proc_root` (normally "/proc"). A proc_root that
// is not procfs (a fixture directory) works too: ns/pid entries are then
// symlinks whose targets name the namespace, and NamespaceInit reports
// Unimplemented, so callers fall back to scanning.
std::unique_ptr<ProcTable> NewProcFsTable(std::string proc_root);

}  // namespace procview

#endif  // PROCVIEW_RESOLVE_PROC_TABLE_H_
