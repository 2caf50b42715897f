// toolkit_exit_codes.h: exit codes of the runtime-integration commands,
// continuing the numbering of exit_codes.h, and the one for a mount's health.
#ifndef PROCVIEW_FRONTENDS_CLI_TOOLKIT_EXIT_CODES_H_
#define PROCVIEW_FRONTENDS_CLI_TOOLKIT_EXIT_CODES_H_

#include "frontends/cli/exit_codes.h"
#include "frontends/cli/mount_health.h"

namespace procview::cli {

enum ToolkitExitCode : int {
  kExitNotMounted = 6,  // no procview mount at the mount root
  kExitMountDead = 7,   // mounted, but reads fail (the daemon is gone)
  kExitMountHung = 8,   // mounted, but the daemon does not answer
  kExitReloadRefused = 9,  // reload: the daemon kept its old library
};

// The exit code that reports a mount's health (0 when healthy).
inline int ExitCodeForHealth(MountState state) {
  switch (state) {
    case MountState::kHealthy: return kExitOk;
    case MountState::kNotMounted: return kExitNotMounted;
    case MountState::kDead: return kExitMountDead;
    case MountState::kHung: return kExitMountHung;
  }
  return kExitOther;
}

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_TOOLKIT_EXIT_CODES_H_
