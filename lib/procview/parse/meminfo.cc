// meminfo.cc: /proc/meminfo parser and the kernel's line format.
#include "lib/procview/parse/meminfo.h"

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {

std::optional<uint64_t> Meminfo::Value(std::string_view key) const {
  for (const MeminfoLine& line : lines) {
    if (line.key == key) return line.value;
  }
  return std::nullopt;
}

absl::StatusOr<Meminfo> ParseMeminfo(std::string_view text) {
  Meminfo out;
  out.text = std::make_shared<const std::string>(text);
  const absl::string_view all(*out.text);
  out.lines.reserve(64);
  absl::flat_hash_set<absl::string_view> seen;
  seen.reserve(64);
  for (absl::string_view line : absl::StrSplit(all, '\n', absl::SkipEmpty())) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || colon == 0) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: no \"Key:\" in \"", line, "\""));
    }
    const absl::string_view key = line.substr(0, colon);
    MeminfoLine parsed;
    parsed.key = std::string_view(key.data(), key.size());
    parsed.raw = std::string_view(line.data(), line.size());
    absl::string_view rest = absl::StripAsciiWhitespace(line.substr(colon + 1));
    parsed.kb = absl::ConsumeSuffix(&rest, " kB");
    rest = absl::StripTrailingAsciiWhitespace(rest);
    if (!ParseDecimal(std::string_view(rest.data(), rest.size()), &parsed.value)) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: bad value in \"", line, "\""));
    }
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(absl::StrCat("meminfo: ", key, " repeats"));
    }
    out.lines.push_back(parsed);
  }
  return out;
}

std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb) {
  std::string line;
  AppendMeminfoLine(&line, key, value, kb);
  return line;
}

void AppendMeminfoLine(std::string* out, std::string_view key, uint64_t value, bool kb) {
  // Padded by hand: this runs for every rewritten line of every meminfo
  // read, and StrFormat's format parsing cost more than the rest of the line.
  const size_t start = out->size();
  out->append(key.data(), key.size());
  out->push_back(':');
  if (out->size() - start < 16) out->resize(start + 16, ' ');
  char number[absl::numbers_internal::kFastToBufferSize];
  const size_t digits =
      static_cast<size_t>(absl::numbers_internal::FastIntToBuffer(value, number) - number);
  if (digits < 8) out->append(8 - digits, ' ');
  out->append(number, digits);
  if (kb) out->append(" kB");
}

}  // namespace procview
