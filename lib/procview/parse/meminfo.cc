// meminfo.cc: /proc/meminfo parser and the kernel's line format.
#include "lib/procview/parse/meminfo.h"

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {

std::optional<uint64_t> Meminfo::Value(std::string_view key) const {
  for (const MeminfoLine& line : lines) {
    if (line.key == key) return line.value;
  }
  return std::nullopt;
}

absl::StatusOr<Meminfo> ParseMeminfo(std::string_view text) {
  Meminfo out;
  absl::flat_hash_set<std::string> seen;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n', absl::SkipEmpty())) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || colon == 0) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: no \"Key:\" in \"", line, "\""));
    }
    MeminfoLine parsed;
    parsed.key = std::string(line.substr(0, colon));
    parsed.raw = std::string(line);
    absl::string_view rest = absl::StripAsciiWhitespace(line.substr(colon + 1));
    parsed.kb = absl::ConsumeSuffix(&rest, " kB");
    if (!absl::SimpleAtoi(absl::StripTrailingAsciiWhitespace(rest), &parsed.value)) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: bad value in \"", line, "\""));
    }
    if (!seen.insert(parsed.key).second) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: ", parsed.key, " repeats"));
    }
    out.lines.push_back(std::move(parsed));
  }
  return out;
}

std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb) {
  return absl::StrFormat("%-16s%8u%s", absl::StrCat(absl::string_view(key.data(), key.size()), ":"),
                         value, kb ? " kB" : "");
}

}  // namespace procview
