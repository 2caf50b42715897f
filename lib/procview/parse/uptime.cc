// uptime.cc: /proc/uptime parser (by hand: it runs on every read of uptime).
#include "lib/procview/parse/uptime.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// "162.58" -> 16258, "7.5" -> 750, "3" -> 300.
absl::StatusOr<uint64_t> Centiseconds(std::string_view number) {
  const size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  uint64_t value = 0;
  bool ok = ParseDecimal(whole, &value) && value < UINT64_MAX / 100;
  value *= 100;
  if (ok && dot != std::string_view::npos) {
    const std::string_view fraction = number.substr(dot + 1);
    uint64_t hundredths = 0;
    ok = !fraction.empty() && fraction.size() <= 2 && ParseDecimal(fraction, &hundredths);
    value += fraction.size() == 1 ? hundredths * 10 : hundredths;
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "uptime: bad number \"", absl::string_view(number.data(), number.size()), "\""));
  }
  return value;
}

// Cuts the next field, delimited by spaces and newlines, off `*rest`; empty
// at the end.
std::string_view TakeField(std::string_view* rest) {
  const char* p = rest->data();
  const char* const end = p + rest->size();
  while (p != end && (*p == ' ' || *p == '\n')) ++p;
  const char* const start = p;
  while (p != end && *p != ' ' && *p != '\n') ++p;
  *rest = std::string_view(p, static_cast<size_t>(end - p));
  return std::string_view(start, static_cast<size_t>(p - start));
}

}  // namespace

absl::StatusOr<Uptime> ParseUptime(std::string_view text) {
  const std::string_view first = TakeField(&text);
  const std::string_view second = TakeField(&text);
  if (first.empty() || second.empty() || !TakeField(&text).empty()) {
    return absl::InvalidArgumentError("uptime: expected two numbers");
  }
  Uptime out;
  absl::StatusOr<uint64_t> uptime = Centiseconds(first);
  if (!uptime.ok()) return uptime.status();
  absl::StatusOr<uint64_t> idle = Centiseconds(second);
  if (!idle.ok()) return idle.status();
  out.uptime_cs = *uptime;
  out.idle_cs = *idle;
  return out;
}

}  // namespace procview
