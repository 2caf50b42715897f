// bind_mounts.h: which files a procview mount serves, and putting them over
// (or taking them off) a container's /proc and /sys files. Works across
// mount namespaces: the sources are cloned as detached mounts (open_tree)
// in the namespace that sees the daemon, then attached (move_mount) in the
// container's.
#ifndef PROCVIEW_FRONTENDS_CLI_BIND_MOUNTS_H_
#define PROCVIEW_FRONTENDS_CLI_BIND_MOUNTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "frontends/cli/file_io.h"

namespace procview::cli {

// One planned bind mount: MOUNT_ROOT/source over target.
struct BindPlan {
  std::string source;  // relative to the mount root: "proc/meminfo"
  std::string target;  // absolute in the container's namespace: "/rootfs/proc/meminfo"
};

// Regular files under MOUNT_ROOT/proc and MOUNT_ROOT/sys, recursively, as
// sorted relative paths ("proc/meminfo", "sys/devices/system/cpu/online").
// Names starting with '.' (the daemon's own control files) are skipped.
absl::StatusOr<std::vector<std::string>> ListServedFiles(const std::string& mount_root);

// For each served file: a plan onto TARGET_ROOT/<same relative path>.
std::vector<BindPlan> PlansUnder(const std::vector<std::string>& served,
                                 const std::string& target_root);

// A detached bind mount of one source file, ready to attach anywhere.
struct DetachedMount {
  BindPlan plan;
  UniqueFd tree;
};

// Clones each plan's source (open_tree OPEN_TREE_CLONE) as seen by the
// calling process. Fails on the first source that cannot be cloned.
absl::StatusOr<std::vector<DetachedMount>> CloneSources(const std::string& mount_root,
                                                        const std::vector<BindPlan>& plans);

struct AttachResult {
  std::vector<std::string> mounted;  // targets now showing procview files
  std::vector<std::string> skipped;  // targets that do not exist (nothing to cover)
};

// Attaches each detached mount on its target in the caller's mount
// namespace (move_mount). Targets that do not exist are skipped; any other
// failure stops with an error naming the target.
absl::StatusOr<AttachResult> AttachAll(std::vector<DetachedMount>* mounts);

// Lazily unmounts (MNT_DETACH) each path once, in reverse order, so stacked
// mounts come off top first. Paths that are no longer mounts are ignored.
absl::Status DetachAll(const std::vector<std::string>& targets);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_BIND_MOUNTS_H_
