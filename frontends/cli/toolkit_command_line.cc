// toolkit_command_line.cc: flag parsing for check/oci-hook/umount/remount/run.
#include "frontends/cli/toolkit_command_line.h"

#include <cctype>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace procview::cli {
namespace {

absl::Status Usage(absl::string_view message) {
  return absl::InvalidArgumentError(std::string(message));
}

// "--flag VALUE" or "--flag=VALUE" at args[*i]: the value, advancing *i.
// nullopt when args[*i] is not `flag`.
absl::StatusOr<std::optional<std::string>> TakeValue(const std::vector<std::string>& args,
                                                     size_t* i, absl::string_view flag) {
  const std::string& arg = args[*i];
  if (arg == flag) {
    if (*i + 1 >= args.size()) return Usage(absl::StrCat(flag, " needs a value"));
    return std::optional<std::string>(args[++*i]);
  }
  if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag.data(), flag.size()) == 0 &&
      arg[flag.size()] == '=') {
    return std::optional<std::string>(arg.substr(flag.size() + 1));
  }
  return std::optional<std::string>();
}

bool IsCpuList(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isdigit(static_cast<unsigned char>(c)) && c != ',' && c != '-') return false;
  }
  return isdigit(static_cast<unsigned char>(text.front())) &&
         isdigit(static_cast<unsigned char>(text.back()));
}

absl::StatusOr<ToolkitCommand> CommandNamed(absl::string_view name) {
  if (name == "check") return ToolkitCommand::kCheck;
  if (name == "oci-hook") return ToolkitCommand::kOciHook;
  if (name == "umount") return ToolkitCommand::kUmount;
  if (name == "remount") return ToolkitCommand::kRemount;
  if (name == "run") return ToolkitCommand::kRun;
  if (name == "reload") return ToolkitCommand::kReload;
  return Usage(absl::StrCat("unknown command '", name, "'"));
}

}  // namespace

bool IsToolkitCommand(absl::string_view name) { return CommandNamed(name).ok(); }

absl::StatusOr<uint64_t> ParseSize(absl::string_view text) {
  std::string digits = absl::AsciiStrToUpper(text);
  if (!digits.empty() && digits.back() == 'B') digits.pop_back();
  uint64_t unit = 1;
  if (!digits.empty() && !isdigit(static_cast<unsigned char>(digits.back()))) {
    const size_t shift = std::string("KMGT").find(digits.back());
    if (shift == std::string::npos) return Usage(absl::StrCat("bad size '", text, "'"));
    unit = uint64_t{1} << (10 * (shift + 1));
    digits.pop_back();
  }
  uint64_t value = 0;
  if (digits.empty() || !isdigit(static_cast<unsigned char>(digits[0])) ||
      !absl::SimpleAtoi(digits, &value) || value == 0 ||
      value > std::numeric_limits<uint64_t>::max() / unit) {
    return Usage(absl::StrCat("bad size '", text, "' (want e.g. 256M)"));
  }
  return value * unit;
}

absl::StatusOr<ToolkitCommandLine> ParseToolkitCommandLine(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("no command given");
  ToolkitCommandLine line;
  absl::StatusOr<ToolkitCommand> command = CommandNamed(args[0]);
  if (!command.ok()) return command.status();
  line.command = *command;
  const bool is_run = line.command == ToolkitCommand::kRun;
  const bool targets = line.command == ToolkitCommand::kUmount ||
                       line.command == ToolkitCommand::kRemount;
  size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (is_run && (arg.empty() || arg[0] != '-')) break;  // the command starts
    absl::StatusOr<std::optional<std::string>> value = TakeValue(args, &i, "--mount-root");
    if (!value.ok()) return value.status();
    if (*value) {
      if (value->value().empty() || value->value()[0] != '/') {
        return Usage("--mount-root wants an absolute path");
      }
      line.mount_root = **value;
      continue;
    }
    if (line.command == ToolkitCommand::kReload) {
      value = TakeValue(args, &i, arg == "-p" ? "-p" : "--pidfile");
      if (!value.ok()) return value.status();
      if (*value) {
        if (value->value().empty()) return Usage("--pidfile is empty");
        line.pidfile = **value;
        continue;
      }
    }
    if (targets && arg == "--all") {
      line.all = true;
      continue;
    }
    if (targets) {
      value = TakeValue(args, &i, "--container");
      if (!value.ok()) return value.status();
      if (*value) {
        int pid = 0;
        if (!absl::SimpleAtoi(**value, &pid) || pid <= 0) {
          return Usage(absl::StrCat("--container wants a pid, not '", **value, "'"));
        }
        line.container = pid;
        continue;
      }
    }
    if (is_run) {
      value = TakeValue(args, &i, "--memory");
      if (!value.ok()) return value.status();
      if (*value) {
        absl::StatusOr<uint64_t> bytes = ParseSize(**value);
        if (!bytes.ok()) return bytes.status();
        line.memory_bytes = *bytes;
        continue;
      }
      value = TakeValue(args, &i, "--cpus");
      if (!value.ok()) return value.status();
      if (*value) {
        if (!IsCpuList(**value)) {
          return Usage(absl::StrCat("--cpus wants a cpu list like 0-1,3, not '", **value, "'"));
        }
        line.cpus = **value;
        continue;
      }
      value = TakeValue(args, &i, "--cpu-quota");
      if (!value.ok()) return value.status();
      if (*value) {
        int64_t quota = 0;
        if (!absl::SimpleAtoi(**value, &quota) || quota < 1000) {
          return Usage(absl::StrCat("--cpu-quota wants microseconds per 100 ms (>= 1000), not '",
                                    **value, "'"));
        }
        line.cpu_quota_us = quota;
        continue;
      }
    }
    return Usage(absl::StrCat("unknown flag '", arg, "' for ", args[0]));
  }
  if (is_run) {
    line.argv.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (line.argv.empty()) return Usage("run needs a command: procview run [FLAGS] -- CMD...");
  } else if (i < args.size()) {
    return Usage(absl::StrCat(args[0], " takes no arguments"));
  }
  if (targets && line.all == line.container.has_value()) {
    return Usage(absl::StrCat(args[0], " needs exactly one of --all or --container PID"));
  }
  return line;
}

std::string ToolkitUsageText() {
  return R"(
Runtime integration:
  check                 is the procview mount alive? Exit 0 healthy,
                        6 not mounted, 7 mounted but dead (daemon gone),
                        8 the daemon does not answer.
  oci-hook              OCI hook (prestart or createContainer): reads the
                        container state on stdin and bind-mounts the
                        procview files over the container's /proc and
                        /sys/devices/system/cpu files. Does nothing (exit 0)
                        when procview is not mounted.
  umount --all | --container PID
                        take procview's files off running containers (they
                        then read the host's files).
  remount --all | --container PID
                        put them back, replacing dead mounts left by a
                        daemon that crashed or was restarted.
  run [--memory SIZE] [--cpus LIST] [--cpu-quota US] -- CMD...
                        run CMD in a new cgroup and mount+pid namespaces
                        with procview's files mounted (a small container).
                        --cpu-quota is microseconds of CPU per 100 ms.
  reload [-p PIDFILE]   live upgrade: make the procviewfs of PIDFILE
                        (default /run/procview.pid) load its library file
                        again; waits for the new library generation. Exit
                        9 when the daemon kept the old library.
  --mount-root DIR      where procviewfs is mounted (default
                        /var/lib/procview); accepted by all of the above.
)";
}

}  // namespace procview::cli
