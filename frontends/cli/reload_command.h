// reload_command.h: `procview reload`: ask a running procviewfs to load its
// library again (the live upgrade), and report whether it did.
#ifndef PROCVIEW_FRONTENDS_CLI_RELOAD_COMMAND_H_
#define PROCVIEW_FRONTENDS_CLI_RELOAD_COMMAND_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/cli/toolkit_command_line.h"

namespace procview::cli {

// The "generation N" line of the daemon's MOUNT/.procview/version text.
// nullopt when the text has no such line.
std::optional<long> LibraryGeneration(absl::string_view version_text);

// The pid in a pid file's text ("1234\n"). InvalidArgument when it holds
// anything else.
absl::StatusOr<int> PidFromPidfile(absl::string_view text);

// Signals the procviewfs named by --pidfile with SIGUSR1, then watches
// MOUNT/.procview/version for a new library generation. Exit 0 when the
// daemon loaded the library again; 9 when it kept the old one (the new one
// failed to load: the daemon's log says why); 3 when the pid file names no
// running procviewfs.
int RunReload(const ToolkitCommandLine& line);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_RELOAD_COMMAND_H_
