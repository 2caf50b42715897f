// oci_hook.h: `procview oci-hook`, an OCI runtime hook (prestart or
// createContainer) that bind-mounts procview's files into a new container.
#ifndef PROCVIEW_FRONTENDS_CLI_OCI_HOOK_H_
#define PROCVIEW_FRONTENDS_CLI_OCI_HOOK_H_

#include <string>

#include "frontends/cli/toolkit_command_line.h"

namespace procview::cli {

// Where the files go in the container's mount namespace: under the rootfs
// while the runtime has not pivoted into it yet (its /proc is mounted
// there), else under "/". `exists` is a path test (injected for tests).
std::string HookTargetRoot(const std::string& rootfs, bool (*exists)(const std::string&));

// Runs the hook on `state_json` (the runtime's stdin). Returns 0 when the
// files were mounted or when procview is not mounted (the container then
// starts with the host's files; a line on stderr says why), 1 on errors
// that should stop the container (bad state JSON, failed mounts).
int RunOciHook(const ToolkitCommandLine& line, const std::string& state_json);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_OCI_HOOK_H_
