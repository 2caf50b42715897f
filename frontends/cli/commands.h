// commands.h: what `procview cat` and `procview ls` do, on an injected
// facade factory so tests can run them without a real host.
#ifndef PROCVIEW_FRONTENDS_CLI_COMMANDS_H_
#define PROCVIEW_FRONTENDS_CLI_COMMANDS_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "frontends/cli/command_line.h"
#include "lib/procview/procview.h"

namespace procview::cli {

// What the commands need from the outside world.
struct Environment {
  // Builds the facade (normally Procview::Create).
  std::function<absl::StatusOr<std::unique_ptr<Procview>>(const Options&)> create;
  // OK when process `pid` exists under `proc_root`; NotFound or
  // PermissionDenied otherwise.
  std::function<absl::Status(const std::string& proc_root, pid_t pid)> check_pid;
  pid_t self_pid = 0;  // the reader when --pid is not given
};

// The real environment: Procview::Create, stat() of PROC_ROOT/PID, getpid().
Environment RealEnvironment();

// Runs `line`, appending the file text to `out` and messages to `err`.
// Returns one of the exit codes of exit_codes.h.
int RunCommand(const CommandLine& line, const Environment& env, std::string* out,
               std::string* err);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_COMMANDS_H_
