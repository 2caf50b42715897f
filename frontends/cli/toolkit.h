// toolkit.h: entry point of the runtime-integration subcommands (check,
// oci-hook, umount, remount, run) of the `procview` command.
#ifndef PROCVIEW_FRONTENDS_CLI_TOOLKIT_H_
#define PROCVIEW_FRONTENDS_CLI_TOOLKIT_H_

#include <string>
#include <vector>

namespace procview::cli {

// True when args[0] names a toolkit subcommand.
bool IsToolkitInvocation(const std::vector<std::string>& args);

// Parses and runs a toolkit subcommand (args without the program name);
// messages go to stdout/stderr. Returns the process exit code.
int RunToolkit(const std::vector<std::string>& args);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_TOOLKIT_H_
