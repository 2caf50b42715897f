// namespaces.h: mount-namespace identity and running code inside another
// process's mount namespace.
#ifndef PROCVIEW_FRONTENDS_CLI_NAMESPACES_H_
#define PROCVIEW_FRONTENDS_CLI_NAMESPACES_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

// "mnt:[4026531841]" -> 4026531841. InvalidArgument on anything else.
absl::StatusOr<uint64_t> ParseNamespaceLink(absl::string_view link);

// The mount namespace of PROC_ROOT/PID (pid 0: this process).
absl::StatusOr<uint64_t> MountNamespaceOf(const std::string& proc_root, int pid);

// Forks a child that joins the mount namespace of host pid `pid` (setns;
// its root and cwd become that namespace's root) and returns `body()`'s
// value as the child's exit code. The caller's namespace never changes.
// Fds open before the call (e.g. detached mounts) are usable in `body`.
absl::StatusOr<int> RunInMountNamespace(int pid, const std::function<int()>& body);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_NAMESPACES_H_
