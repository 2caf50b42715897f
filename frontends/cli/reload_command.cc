// reload_command.cc: `procview reload`.
#include "frontends/cli/reload_command.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "frontends/cli/exit_codes.h"
#include "frontends/cli/file_io.h"
#include "frontends/cli/toolkit_exit_codes.h"

namespace procview::cli {
namespace {

constexpr int kWaitMillis = 5000;

std::optional<long> CurrentGeneration(const std::string& mount_root) {
  absl::StatusOr<std::string> text = ReadWholeFile(mount_root + "/.procview/version");
  if (!text.ok()) return std::nullopt;
  return LibraryGeneration(*text);
}

void SleepMillis(int millis) {
  const struct timespec pause = {0, millis * 1000000L};
  nanosleep(&pause, nullptr);
}

}  // namespace

std::optional<long> LibraryGeneration(absl::string_view version_text) {
  for (absl::string_view line : absl::StrSplit(version_text, '\n')) {
    long generation = 0;
    if (absl::ConsumePrefix(&line, "generation ") && absl::SimpleAtoi(line, &generation)) {
      return generation;
    }
  }
  return std::nullopt;
}

absl::StatusOr<int> PidFromPidfile(absl::string_view text) {
  int pid = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &pid) || pid <= 0) {
    return absl::InvalidArgumentError("the pid file does not hold a pid");
  }
  return pid;
}

int RunReload(const ToolkitCommandLine& line) {
  absl::StatusOr<std::string> text = ReadWholeFile(line.pidfile);
  absl::StatusOr<int> pid = text.ok() ? PidFromPidfile(*text) : text.status();
  if (!pid.ok()) {
    fprintf(stderr, "procview: %s: %s\n", line.pidfile.c_str(),
            std::string(pid.status().message()).c_str());
    return kExitNoSuchPid;
  }
  // A stale pid file may name an unrelated process: never signal that.
  absl::StatusOr<std::string> comm = ReadWholeFile(absl::StrCat("/proc/", *pid, "/comm"));
  if (!comm.ok() || absl::StripAsciiWhitespace(*comm) != "procviewfs") {
    fprintf(stderr, "procview: pid %d (from %s) is not a running procviewfs\n", *pid,
            line.pidfile.c_str());
    return kExitNoSuchPid;
  }
  const std::optional<long> before = CurrentGeneration(line.mount_root);
  if (kill(*pid, SIGUSR1) != 0) {
    perror("procview: kill");
    return kExitOther;
  }
  if (!before) {
    printf("sent SIGUSR1 to procviewfs pid %d (no mount at %s to confirm the reload)\n", *pid,
           line.mount_root.c_str());
    return kExitOk;
  }
  for (int waited = 0; waited < kWaitMillis; waited += 50) {
    const std::optional<long> now = CurrentGeneration(line.mount_root);
    if (now && *now != *before) {
      printf("procviewfs pid %d reloaded its library (generation %ld -> %ld)\n", *pid, *before,
             *now);
      return kExitOk;
    }
    SleepMillis(50);
  }
  fprintf(stderr,
          "procview: procviewfs pid %d kept its library (generation %ld): the new one did not "
          "load; its log says why\n",
          *pid, *before);
  return kExitReloadRefused;
}

}  // namespace procview::cli
