// proc_pid.cc: parsers of /proc/PID/stat and /proc/PID/status text.
#include "lib/procview/parse/proc_pid.h"

#include <string.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Debian's abseil has its own string_view type.
absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

// Field `index` after the command name (0 is field 3, the state), or an
// empty view when the text has fewer fields. The command name (field 2) may
// hold spaces and ')', so fields are counted after the last ')'. Scanned by
// hand: loadavg and /proc/stat read this file for every task of a container.
absl::StatusOr<std::string_view> FieldAfterCommand(std::string_view text, size_t index) {
  const void* close = memrchr(text.data(), ')', text.size());
  if (close == nullptr) return absl::InvalidArgumentError("stat: no ')' after the command name");
  const char* p = static_cast<const char*>(close) + 1;
  const char* const end = text.data() + text.size();
  const auto is_blank = [](char c) { return c == ' ' || c == '\n'; };
  for (size_t field = 0;; ++field) {
    while (p != end && is_blank(*p)) ++p;
    if (p == end) return std::string_view();
    const char* const start = p;
    while (p != end && !is_blank(*p)) ++p;
    if (field == index) return std::string_view(start, static_cast<size_t>(p - start));
  }
}

}  // namespace

absl::StatusOr<char> ProcessState(std::string_view stat_text) {
  absl::StatusOr<std::string_view> state = FieldAfterCommand(stat_text, 0);
  if (!state.ok()) return state.status();
  if (state->size() != 1) return absl::InvalidArgumentError("stat: no state (field 3)");
  return (*state)[0];
}

absl::StatusOr<uint64_t> StartTimeTicks(std::string_view stat_text) {
  constexpr size_t kStartTimeIndex = 22 - 3;
  absl::StatusOr<std::string_view> start = FieldAfterCommand(stat_text, kStartTimeIndex);
  if (!start.ok()) return start.status();
  uint64_t ticks = 0;
  if (!ParseDecimal(*start, &ticks)) {
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
