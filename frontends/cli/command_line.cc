// command_line.cc: a small hand parser for `procview SUBCOMMAND [FLAGS] ARGS`.
#include "frontends/cli/command_line.h"

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "frontends/cli/toolkit_command_line.h"

namespace procview::cli {
namespace {

absl::Status Usage(std::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}

// For "--flag VALUE" and "--flag=VALUE": the value, advancing `i` past it.
absl::StatusOr<std::string> FlagValue(const std::vector<std::string>& args, size_t* i,
                                      std::string_view flag) {
  const std::string& arg = args[*i];
  if (arg.size() > flag.size() && arg[flag.size()] == '=') return arg.substr(flag.size() + 1);
  if (*i + 1 >= args.size()) {
    return Usage(absl::StrCat(std::string(flag), " needs a value"));
  }
  return args[++*i];
}

// True when `arg` is `flag` or starts with "flag=".
bool IsValueFlag(const std::string& arg, std::string_view flag) {
  return arg.compare(0, flag.size(), flag) == 0 &&
         (arg.size() == flag.size() || arg[flag.size()] == '=');
}

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine line;
  std::vector<std::string> positional;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.empty() || arg[0] != '-' || arg == "-") {
      positional.push_back(arg);
    } else if (arg == "--") {
      flags_done = true;
    } else if (arg == "-h" || arg == "--help") {
      line.command = Command::kHelp;
      return line;
    } else if (arg == "-u" || arg == "--disable-swap") {
      line.options.swap = false;
    } else if (arg == "--enable-cfs") {
      line.options.cpu_view_from_quota = true;
    } else if (arg == "-l" || arg == "--enable-loadavg") {
      line.options.loadavg = true;
    } else if (arg == "--explain") {
      line.explain = true;
    } else if (IsValueFlag(arg, "--pid")) {
      absl::StatusOr<std::string> value = FlagValue(args, &i, "--pid");
      if (!value.ok()) return value.status();
      int32_t pid = 0;
      if (!absl::SimpleAtoi(*value, &pid) || pid <= 0) {
        return Usage(absl::StrCat("--pid wants a positive number, not '", *value, "'"));
      }
      line.pid = pid;
    } else if (IsValueFlag(arg, "--proc-root")) {
      absl::StatusOr<std::string> value = FlagValue(args, &i, "--proc-root");
      if (!value.ok()) return value.status();
      line.options.proc_root = *value;
    } else if (IsValueFlag(arg, "--sys-root")) {
      absl::StatusOr<std::string> value = FlagValue(args, &i, "--sys-root");
      if (!value.ok()) return value.status();
      line.options.sys_root = *value;
    } else if (IsValueFlag(arg, "--cgroup-root")) {
      absl::StatusOr<std::string> value = FlagValue(args, &i, "--cgroup-root");
      if (!value.ok()) return value.status();
      line.options.cgroup_root = *value;
    } else {
      return Usage(absl::StrCat("unknown flag '", arg, "'"));
    }
  }
  if (positional.empty()) return Usage("no command given (try: procview --help)");
  const std::string command = positional[0];
  positional.erase(positional.begin());
  if (command == "help") {
    line.command = Command::kHelp;
  } else if (command == "ls") {
    if (!positional.empty()) return Usage("ls takes no arguments");
    line.command = Command::kLs;
  } else if (command == "cat") {
    if (positional.empty()) return Usage("cat needs a FILE (see: procview ls)");
    line.command = Command::kCat;
    line.files = std::move(positional);
  } else {
    return Usage(absl::StrCat("unknown command '", command, "' (try: procview --help)"));
  }
  return line;
}

std::string UsageText() {
  return R"(Usage: procview cat [FLAGS] FILE...
       procview ls
       procview check|oci-hook|umount|remount|run ...  (see Runtime integration)
       procview --help

Prints the container-aware files procview serves, exactly as the procviewfs
mount would serve them to a given process.

Commands:
  cat FILE...   print FILE as process --pid would read it. FILE may be written
                "meminfo", "proc/meminfo" or "/proc/meminfo"; the /sys files
                as "online", "cpu/online" or "sys/devices/system/cpu/online".
  ls            list the files procview serves.

Flags:
  --pid PID          the reading process (default: this command itself). Its
                     container is the init of its pid namespace, or itself
                     when it shares the host's pid namespace.
  --explain          also print to stderr where the numbers came from: the
                     container init, its cgroup, and why the host's own file
                     was served when it was.
  -u, --disable-swap report no swap at all (as procviewfs -u).
  --enable-cfs       the CPU count also follows the CPU quota.
  -l, --enable-loadavg
                     per-container loadavg (a one-shot command has only one
                     sample; without it the host's loadavg is shown).
  --proc-root DIR    read the host's /proc from DIR (fixtures).
  --sys-root DIR     read the host's /sys from DIR.
  --cgroup-root DIR  read cgroupfs from DIR (default /sys/fs/cgroup).
  -h, --help         this text.

Exit codes:
  0  success
  1  usage error
  2  no such file (procview does not serve FILE)
  3  no such process (--pid)
  4  permission denied
  5  any other error
)" + ToolkitUsageText();
}

}  // namespace procview::cli
