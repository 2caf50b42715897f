// toolkit.cc: dispatch of the toolkit subcommands, and `check` itself.
#include "frontends/cli/toolkit.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "absl/status/statusor.h"
#include "frontends/cli/exit_codes.h"
#include "frontends/cli/mount_health.h"
#include "frontends/cli/oci_hook.h"
#include "frontends/cli/reload_command.h"
#include "frontends/cli/remount_command.h"
#include "frontends/cli/run_command.h"
#include "frontends/cli/toolkit_command_line.h"
#include "frontends/cli/toolkit_exit_codes.h"

namespace procview::cli {
namespace {

int RunCheck(const ToolkitCommandLine& line) {
  const MountHealth health = CheckMount(line.mount_root);
  printf("%s\n", health.message.c_str());
  return ExitCodeForHealth(health.state);
}

std::string ReadStdin() {
  std::string text;
  char buffer[8192];
  ssize_t got;
  while ((got = read(STDIN_FILENO, buffer, sizeof(buffer))) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;  // a truncated document fails to parse, with a message
    text.append(buffer, static_cast<size_t>(got));
  }
  return text;
}

}  // namespace

bool IsToolkitInvocation(const std::vector<std::string>& args) {
  return !args.empty() && IsToolkitCommand(args[0]);
}

int RunToolkit(const std::vector<std::string>& args) {
  absl::StatusOr<ToolkitCommandLine> line = ParseToolkitCommandLine(args);
  if (!line.ok()) {
    fprintf(stderr, "procview: %s\n", std::string(line.status().message()).c_str());
    return kExitUsage;
  }
  switch (line->command) {
    case ToolkitCommand::kCheck: return RunCheck(*line);
    case ToolkitCommand::kOciHook: return RunOciHook(*line, ReadStdin());
    case ToolkitCommand::kUmount: return RunUmount(*line);
    case ToolkitCommand::kRemount: return RunRemount(*line);
    case ToolkitCommand::kRun: return RunContainer(*line);
    case ToolkitCommand::kReload: return RunReload(*line);
  }
  return kExitOther;
}

}  // namespace procview::cli
