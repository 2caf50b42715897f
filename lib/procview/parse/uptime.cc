// uptime.cc: /proc/uptime parser.
#include "lib/procview/parse/uptime.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace {

// "162.58" -> 16258, "7.5" -> 750, "3" -> 300.
absl::StatusOr<uint64_t> Centiseconds(absl::string_view number) {
  std::vector<absl::string_view> parts = absl::StrSplit(number, absl::MaxSplits('.', 1));
  uint64_t whole = 0;
  uint64_t fraction = 0;
  const bool has_fraction = parts.size() == 2;
  const bool ok = absl::SimpleAtoi(parts[0], &whole) && absl::ascii_isdigit(parts[0][0]) &&
                  whole < UINT64_MAX / 100 &&
                  (!has_fraction || (!parts[1].empty() && parts[1].size() <= 2 &&
                                     absl::ascii_isdigit(parts[1][0]) &&
                                     absl::SimpleAtoi(parts[1], &fraction)));
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("uptime: bad number \"", number, "\""));
  if (has_fraction && parts[1].size() == 1) fraction *= 10;
  return whole * 100 + fraction;
}

}  // namespace

absl::StatusOr<Uptime> ParseUptime(std::string_view text) {
  std::vector<absl::string_view> fields = absl::StrSplit(
      absl::string_view(text.data(), text.size()), absl::ByAnyChar(" \n"), absl::SkipEmpty());
  if (fields.size() != 2) {
    return absl::InvalidArgumentError("uptime: expected two numbers");
  }
  Uptime out;
  absl::StatusOr<uint64_t> uptime = Centiseconds(fields[0]);
  if (!uptime.ok()) return uptime.status();
  absl::StatusOr<uint64_t> idle = Centiseconds(fields[1]);
  if (!idle.ok()) return idle.status();
  out.uptime_cs = *uptime;
  out.idle_cs = *idle;
  return out;
}

}  // namespace procview
