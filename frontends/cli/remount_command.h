// remount_command.h: `procview umount` and `procview remount`: take
// procview's files off running containers, or put fresh ones back.
#ifndef PROCVIEW_FRONTENDS_CLI_REMOUNT_COMMAND_H_
#define PROCVIEW_FRONTENDS_CLI_REMOUNT_COMMAND_H_

#include "frontends/cli/toolkit_command_line.h"

namespace procview::cli {

// umount: in each selected container's mount namespace, lazily unmounts
// every procview bind mount (live or dead), so reads fall through to the
// container's own /proc. Returns an exit code (0 when every container was
// done; 5 if any failed), reporting per container on stdout/stderr.
int RunUmount(const ToolkitCommandLine& line);

// remount: needs a healthy mount at --mount-root. In each selected
// container, replaces every procview bind mount (dead ones included) by a
// fresh bind of the same file from the live mount. With --container PID and
// no procview mounts there yet, mounts all served files over its /proc and
// /sys. Exit codes as RunUmount, plus `procview check`'s (6, 7, 8) when the
// mount is not healthy.
int RunRemount(const ToolkitCommandLine& line);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_REMOUNT_COMMAND_H_
