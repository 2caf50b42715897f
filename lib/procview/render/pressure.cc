// pressure.cc: checks PSI text before it is served.
#include "lib/procview/render/pressure.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Consumes `prefix` from the front of `*s`.
bool Take(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

// Consumes one or more digits from the front of `*s`; `*count` gets how many.
bool TakeDigits(std::string_view* s, size_t* count) {
  size_t n = 0;
  while (n < s->size() && (*s)[n] >= '0' && (*s)[n] <= '9') ++n;
  s->remove_prefix(n);
  *count = n;
  return n > 0;
}

// "N.NN", as the kernel prints averages (LOAD_INT.LOAD_FRAC).
bool TakeAverage(std::string_view* s) {
  size_t digits = 0;
  return TakeDigits(s, &digits) && Take(s, ".") && TakeDigits(s, &digits) && digits == 2;
}

// Consumes "KIND avg10=N.NN avg60=N.NN avg300=N.NN total=N\n". One pass, no
// allocation: this check runs on every pressure read.
bool TakePressureLine(std::string_view* s, std::string_view kind) {
  size_t digits = 0;
  if (!(Take(s, kind) && Take(s, " avg10=") && TakeAverage(s) && Take(s, " avg60=") &&
        TakeAverage(s) && Take(s, " avg300=") && TakeAverage(s) && Take(s, " total="))) {
    return false;
  }
  const std::string_view before = *s;
  uint64_t total = 0;
  return TakeDigits(s, &digits) && ParseDecimal(before.substr(0, digits), &total) &&
         Take(s, "\n");  // digits that fit 64 bits, then the line's end
}

}  // namespace

absl::Status ValidatePressure(std::string_view text) {
  std::string_view rest = text;
  const bool ok = TakePressureLine(&rest, "some") &&
                  (rest.empty() || (TakePressureLine(&rest, "full") && rest.empty()));
  if (ok) return absl::OkStatus();
  const absl::string_view shown(text.data(), text.size() < 120 ? text.size() : 120);
  return absl::InvalidArgumentError(absl::StrCat("malformed pressure text: \"", shown, "\""));
}

absl::StatusOr<std::string> RenderPressure(std::string_view cgroup_text) {
  absl::Status status = ValidatePressure(cgroup_text);
  if (!status.ok()) return status;
  return std::string(cgroup_text);
}

}  // namespace procview
