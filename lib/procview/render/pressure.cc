// pressure.cc: checks PSI text before it is served.
#include "lib/procview/render/pressure.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// "N.NN", as the kernel prints averages (LOAD_INT.LOAD_FRAC).
bool IsAverage(absl::string_view s) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, '.');
  return parts.size() == 2 && AllDigits(parts[0]) && parts[1].size() == 2 && AllDigits(parts[1]);
}

// "KIND avg10=N.NN avg60=N.NN avg300=N.NN total=N"
bool IsPressureLine(absl::string_view line, absl::string_view kind) {
  std::vector<absl::string_view> tokens = absl::StrSplit(line, ' ');
  if (tokens.size() != 5 || tokens[0] != kind) return false;
  const char* const averages[] = {"avg10=", "avg60=", "avg300="};
  for (size_t i = 0; i < 3; ++i) {
    absl::string_view value = tokens[1 + i];
    if (!absl::ConsumePrefix(&value, averages[i]) || !IsAverage(value)) return false;
  }
  absl::string_view total = tokens[4];
  uint64_t unused = 0;
  return absl::ConsumePrefix(&total, "total=") && AllDigits(total) &&
         absl::SimpleAtoi(total, &unused);
}

}  // namespace

absl::Status ValidatePressure(std::string_view std_text) {
  absl::string_view text(std_text.data(), std_text.size());
  const absl::Status bad = absl::InvalidArgumentError(
      absl::StrCat("malformed pressure text: \"", text.substr(0, 120), "\""));
  if (!absl::ConsumeSuffix(&text, "\n")) return bad;  // empty or truncated
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() > 2 || !IsPressureLine(lines[0], "some")) return bad;
  if (lines.size() == 2 && !IsPressureLine(lines[1], "full")) return bad;
  return absl::OkStatus();
}

absl::StatusOr<std::string> RenderPressure(std::string_view cgroup_text) {
  absl::Status status = ValidatePressure(cgroup_text);
  if (!status.ok()) return status;
  return std::string(cgroup_text);
}

}  // namespace procview
