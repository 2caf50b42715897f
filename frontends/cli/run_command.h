// run_command.h: `procview run`, a small container launcher: a new cgroup,
// new mount and pid namespaces, procview's files mounted, then exec.
#ifndef PROCVIEW_FRONTENDS_CLI_RUN_COMMAND_H_
#define PROCVIEW_FRONTENDS_CLI_RUN_COMMAND_H_

#include "frontends/cli/toolkit_command_line.h"

namespace procview::cli {

// Runs line.argv as pid 1 of a new pid namespace, in a new mount namespace
// (slave to the host's, so a daemon restart's mounts reach it) with a fresh
// /proc and the procview files mounted over it, inside a new cgroup with
// the requested limits. Waits for it; returns its exit status (128+signal
// when killed). When procview is not mounted, says so and runs the command
// with the host's files. The cgroup is removed afterwards.
int RunContainer(const ToolkitCommandLine& line);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_RUN_COMMAND_H_
