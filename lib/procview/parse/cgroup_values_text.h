// cgroup_values_text.h: small text helpers shared by the cgroup value
// parsers (cgroup_values.cc, cgroup_io_values.cc). Internal to parse/.
#ifndef PROCVIEW_PARSE_CGROUP_VALUES_TEXT_H_
#define PROCVIEW_PARSE_CGROUP_VALUES_TEXT_H_

#include <cstdint>
#include <limits>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace cgroup_text {

inline absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

inline absl::string_view OneLine(std::string_view text) {
  absl::string_view line = View(text);
  absl::ConsumeSuffix(&line, "\n");
  return line;
}

// Digits only (SimpleAtoi also takes signs and blanks), no overflow.
inline bool ParseUnsigned(absl::string_view s, uint64_t* out) {
  return ParseDecimal(std::string_view(s.data(), s.size()), out);
}

inline bool ParseUnsigned32(absl::string_view s, uint32_t* out) {
  uint64_t v = 0;
  if (!ParseUnsigned(s, &v) || v > std::numeric_limits<uint32_t>::max()) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

inline absl::Status Malformed(absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed ", what, ": \"", text.substr(0, 80), "\""));
}

// "MAJ:MIN". std::string_view: its find is inline, absl's is a library call.
inline bool ParseDevice(std::string_view s, uint32_t* major, uint32_t* minor) {
  const size_t colon = s.find(':');
  return colon != std::string_view::npos && ParseUnsigned32(View(s.substr(0, colon)), major) &&
         ParseUnsigned32(View(s.substr(colon + 1)), minor);
}

}  // namespace cgroup_text
}  // namespace procview

#endif  // PROCVIEW_PARSE_CGROUP_VALUES_TEXT_H_
