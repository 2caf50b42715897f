// toolkit_command_line.h: parses the runtime-integration subcommands of
// `procview` (check, oci-hook, umount, remount, run, reload). No I/O.
#ifndef PROCVIEW_FRONTENDS_CLI_TOOLKIT_COMMAND_LINE_H_
#define PROCVIEW_FRONTENDS_CLI_TOOLKIT_COMMAND_LINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

inline constexpr char kDefaultMountRoot[] = "/var/lib/procview";
inline constexpr char kDefaultPidfile[] = "/run/procview.pid";

enum class ToolkitCommand { kCheck, kOciHook, kUmount, kRemount, kRun, kReload };

struct ToolkitCommandLine {
  ToolkitCommand command = ToolkitCommand::kCheck;
  std::string mount_root = kDefaultMountRoot;  // --mount-root
  std::string pidfile = kDefaultPidfile;       // reload -p/--pidfile
  bool all = false;                            // umount/remount --all
  std::optional<int> container;                // umount/remount --container PID
  std::optional<uint64_t> memory_bytes;        // run --memory
  std::string cpus;                            // run --cpus (a cpulist)
  std::optional<int64_t> cpu_quota_us;         // run --cpu-quota (per 100 ms)
  std::vector<std::string> argv;               // run's command
};

// True when `name` is one of the subcommands parsed here.
bool IsToolkitCommand(absl::string_view name);

// Parses `args` (args[0] is the subcommand). InvalidArgument, with a
// message fit for the user, on unknown flags, bad values, or a missing or
// contradictory target (--all with --container; run without a command).
absl::StatusOr<ToolkitCommandLine> ParseToolkitCommandLine(const std::vector<std::string>& args);

// "256M" -> 268435456. Suffixes K, M, G, T (powers of 1024, either case, an
// optional trailing B); no suffix means bytes. InvalidArgument otherwise.
absl::StatusOr<uint64_t> ParseSize(absl::string_view text);

// The --help text for these subcommands.
std::string ToolkitUsageText();

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_TOOLKIT_COMMAND_LINE_H_
