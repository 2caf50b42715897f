// exit_codes.h: the documented exit codes of the `procview` command, and the
// mapping from a library Status to them.
#ifndef PROCVIEW_FRONTENDS_CLI_EXIT_CODES_H_
#define PROCVIEW_FRONTENDS_CLI_EXIT_CODES_H_

#include "absl/status/status.h"

namespace procview::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,
  kExitNoSuchFile = 2,
  kExitNoSuchPid = 3,
  kExitPermissionDenied = 4,
  kExitOther = 5,
};

// The exit code for a failed library call: PermissionDenied -> 4, anything
// else -> 5. (Unknown files and pids are told apart before any call.)
inline int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (absl::IsPermissionDenied(status)) return kExitPermissionDenied;
  return kExitOther;
}

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_EXIT_CODES_H_
