// proc_pid.cc: parsers of /proc/PID/stat and /proc/PID/status text.
#include "lib/procview/parse/proc_pid.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {
namespace {

// Debian's abseil has its own string_view type.
absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

// The fields after the command name: index 0 is field 3 (state). The
// command name (field 2) may hold spaces and ')', so split after the last ')'.
absl::StatusOr<std::vector<absl::string_view>> FieldsAfterCommand(std::string_view stat_text) {
  const absl::string_view text = ToAbsl(stat_text);
  const size_t close = text.rfind(')');
  if (close == absl::string_view::npos) {
    return absl::InvalidArgumentError("stat: no ')' after the command name");
  }
  return absl::StrSplit(text.substr(close + 1), absl::ByAnyChar(" \n"), absl::SkipEmpty());
}

}  // namespace

absl::StatusOr<char> ProcessState(std::string_view stat_text) {
  absl::StatusOr<std::vector<absl::string_view>> fields = FieldsAfterCommand(stat_text);
  if (!fields.ok()) return fields.status();
  if (fields->empty() || (*fields)[0].size() != 1) {
    return absl::InvalidArgumentError("stat: no state (field 3)");
  }
  return (*fields)[0][0];
}

absl::StatusOr<uint64_t> StartTimeTicks(std::string_view stat_text) {
  absl::StatusOr<std::vector<absl::string_view>> parsed = FieldsAfterCommand(stat_text);
  if (!parsed.ok()) return parsed.status();
  const std::vector<absl::string_view>& fields = *parsed;
  constexpr size_t kStartTimeIndex = 22 - 3;
  uint64_t ticks = 0;
  if (fields.size() <= kStartTimeIndex ||
      !absl::SimpleAtoi(fields[kStartTimeIndex], &ticks)) {
    return absl::InvalidArgumentError("stat: no start time (field 22)");
  }
  return ticks;
}

absl::StatusOr<pid_t> InnermostNsPid(std::string_view status_text) {
  for (absl::string_view line : absl::StrSplit(ToAbsl(status_text), '\n')) {
    if (!absl::ConsumePrefix(&line, "NSpid:")) continue;
    const std::vector<absl::string_view> pids =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int32_t pid = 0;
    if (pids.empty() || !absl::SimpleAtoi(pids.back(), &pid) || pid <= 0) {
      return absl::InvalidArgumentError("status: malformed NSpid line");
    }
    return static_cast<pid_t>(pid);
  }
  return absl::InvalidArgumentError("status: no NSpid line");
}

}  // namespace procview
