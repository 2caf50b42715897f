// run_cgroup.h: the throw-away cgroup of `procview run`, on cgroup v1
// (one group per controller hierarchy) or v2 (one group).
#ifndef PROCVIEW_FRONTENDS_CLI_RUN_CGROUP_H_
#define PROCVIEW_FRONTENDS_CLI_RUN_CGROUP_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

struct CgroupLimits {
  std::optional<uint64_t> memory_bytes;
  std::string cpus;                     // cpuset list; empty: the parent's
  std::optional<int64_t> cpu_quota_us;  // per 100 ms period
};

// One control-file write: CONTROLLER's group (v1; empty on v2) / file.
struct CgroupWrite {
  std::string controller;
  std::string file;
  std::string value;
};

// The writes that apply `limits`, in order. Pure.
std::vector<CgroupWrite> LimitWritesV1(const CgroupLimits& limits);
std::vector<CgroupWrite> LimitWritesV2(const CgroupLimits& limits);

// The path of this process's group in v1 hierarchy `controller` (or the v2
// group when controller is empty), from /proc/self/cgroup text. NotFound
// when the controller is not listed.
absl::StatusOr<std::string> OwnCgroup(absl::string_view proc_self_cgroup,
                                      absl::string_view controller);

class RunCgroup {
 public:
  // Makes group NAME (under this process's own group on v1, under the root
  // on v2) and applies `limits`. Removes what it made if anything fails.
  static absl::StatusOr<RunCgroup> Create(const std::string& name, const CgroupLimits& limits);

  RunCgroup(RunCgroup&&) = default;
  RunCgroup& operator=(RunCgroup&&) = default;
  ~RunCgroup();

  // Moves process `pid` (0: the caller) into the group.
  absl::Status Join(pid_t pid) const;
  // Removes the groups (they must be empty; retried briefly).
  void Remove();

 private:
  RunCgroup() = default;
  std::vector<std::string> dirs_;  // one per hierarchy, created by us
};

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_RUN_CGROUP_H_
