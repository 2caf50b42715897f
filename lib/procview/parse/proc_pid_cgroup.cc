// proc_pid_cgroup.cc: parser of /proc/PID/cgroup text.
#include "lib/procview/parse/proc_pid_cgroup.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
absl::StatusOr<ProcPidCgroup> ParseProcPidCgroup(std::string_view std_text) {
  absl::string_view text(std_text.data(), std_text.size());
  absl::ConsumeSuffix(&text, "\n");
  ProcPidCgroup out;
  if (text.empty()) return absl::InvalidArgumentError("empty /proc/PID/cgroup text");
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits(':', 2));
    if (fields.size() != 3 || !AllDigits(fields[0]) || fields[2].empty() ||
        fields[2][0] != '/') {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed /proc/PID/cgroup line \"", line.substr(0, 80), "\""));
    }
    const std::string path(fields[2]);
    if (fields[1].empty()) {
      if (fields[0] != "0") {
        return absl::InvalidArgumentError(
            absl::StrCat("/proc/PID/cgroup line without controllers: \"", line.substr(0, 80),
                         "\""));
      }
      out.unified = path;
      continue;
    }
    for (absl::string_view controller : absl::StrSplit(fields[1], ',', absl::SkipEmpty())) {
      out.controllers[std::string(controller)] = path;
      out.hierarchy_names[std::string(controller)] = std::string(fields[1]);
    }
  }
  return out;
}

}  // namespace procview
