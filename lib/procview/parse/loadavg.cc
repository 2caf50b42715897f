// loadavg.cc: parser of /proc/loadavg text.
#include "lib/procview/parse/loadavg.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// "12.34" -> 1234. The kernel always prints two decimals.
bool ParseHundredths(absl::string_view s, uint64_t* out) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, '.');
  uint64_t whole = 0;
  uint64_t frac = 0;
  if (parts.size() != 2 || !AllDigits(parts[0]) || parts[1].size() != 2 || !AllDigits(parts[1]) ||
      !absl::SimpleAtoi(parts[0], &whole) || !absl::SimpleAtoi(parts[1], &frac) ||
      whole > UINT64_MAX / 100 - 1) {
    return false;
  }
  *out = whole * 100 + frac;
  return true;
}

}  // namespace

absl::StatusOr<HostLoadavg> ParseLoadavg(std::string_view std_text) {
  absl::string_view text(std_text.data(), std_text.size());
  absl::ConsumeSuffix(&text, "\n");
  const absl::Status bad = absl::InvalidArgumentError(
      absl::StrCat("malformed /proc/loadavg: \"", text.substr(0, 80), "\""));
  std::vector<absl::string_view> fields = absl::StrSplit(text, ' ');
  if (fields.size() != 5) return bad;
  HostLoadavg out;
  for (size_t i = 0; i < 3; ++i) {
    if (!ParseHundredths(fields[i], &out.hundredths[i])) return bad;
  }
  std::vector<absl::string_view> tasks = absl::StrSplit(fields[3], '/');
  if (tasks.size() != 2 || !AllDigits(tasks[0]) || !AllDigits(tasks[1]) ||
      !absl::SimpleAtoi(tasks[0], &out.running) || !absl::SimpleAtoi(tasks[1], &out.total) ||
      !AllDigits(fields[4]) || !absl::SimpleAtoi(fields[4], &out.last_pid)) {
    return bad;
  }
  return out;
}

}  // namespace procview
