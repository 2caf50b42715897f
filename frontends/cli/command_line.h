// command_line.h: parses the `procview` command line (subcommands cat, ls,
// help) into plain values. No I/O.
#ifndef PROCVIEW_FRONTENDS_CLI_COMMAND_LINE_H_
#define PROCVIEW_FRONTENDS_CLI_COMMAND_LINE_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview::cli {

enum class Command { kHelp, kCat, kLs };

struct CommandLine {
  Command command = Command::kHelp;
  std::optional<pid_t> pid;         // --pid; unset: the command's own pid
  std::vector<std::string> files;   // cat's FILE arguments, as given
  Options options;                  // roots and -u/--enable-cfs/--enable-loadavg
  bool explain = false;             // --explain
};

// Parses `args` (without the program name). InvalidArgument, with a message
// fit for the user, on anything it does not understand.
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string UsageText();

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_COMMAND_LINE_H_
