// meminfo.cc: /proc/meminfo parser and the kernel's line format.
#include "lib/procview/parse/meminfo.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Names of the MeminfoKey values, in enum order.
constexpr std::string_view kKeyNames[kMeminfoKeys] = {
    "MemTotal",     "MemFree",        "MemAvailable",   "Buffers",      "Cached",
    "SwapCached",   "Active",         "Inactive",       "Active(anon)", "Inactive(anon)",
    "Active(file)", "Inactive(file)", "Unevictable",    "SwapTotal",    "SwapFree",
    "Dirty",        "Writeback",      "AnonPages",      "Mapped",       "Shmem",
    "KReclaimable", "Slab",           "SReclaimable",   "SUnreclaim",   "KernelStack",
    "PageTables",   "CommitLimit",    "Committed_AS",   "VmallocTotal", "VmallocUsed",
    "VmallocChunk", "AnonHugePages",
};

// The known keys grouped by length, so recognizing a key costs a few
// compares instead of one per known key. Built at compile time; a group
// outgrowing kMaxPerLength fails the build.
constexpr size_t kMaxKeyLength = 14;
constexpr size_t kMaxPerLength = 8;
struct KeysByLength {
  uint8_t count[kMaxKeyLength + 1] = {};
  uint8_t ids[kMaxKeyLength + 1][kMaxPerLength] = {};
};

constexpr KeysByLength MakeKeysByLength() {
  KeysByLength by;
  for (size_t id = 0; id < kMeminfoKeys; ++id) {
    const size_t length = kKeyNames[id].size();
    by.ids[length][by.count[length]++] = static_cast<uint8_t>(id);
  }
  return by;
}
constexpr KeysByLength kKeysByLength = MakeKeysByLength();

MeminfoKey KeyOf(std::string_view key) {
  if (key.size() > kMaxKeyLength) return MeminfoKey::kOther;
  const size_t length = key.size();
  for (size_t i = 0; i < kKeysByLength.count[length]; ++i) {
    const uint8_t id = kKeysByLength.ids[length][i];
    const std::string_view name = kKeyNames[id];
    if (name[0] == key[0] && std::memcmp(name.data(), key.data(), length) == 0) {
      return static_cast<MeminfoKey>(id);
    }
  }
  return MeminfoKey::kOther;
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// The value after a line's colon: blanks, one or more digits, then either
// nothing or (after at least one space) "kB", then blanks. False otherwise.
bool ParseValue(const char* p, const char* end, uint64_t* value, bool* kb) {
  while (p < end && IsBlank(*p)) ++p;
  const char* const digits = p;
  while (p < end && *p >= '0' && *p <= '9') ++p;
  if (!ParseDecimal(std::string_view(digits, p - digits), value)) return false;
  const char* const after_digits = p;
  while (p < end && IsBlank(*p)) ++p;
  *kb = false;
  if (end - p >= 2 && p > after_digits && p[-1] == ' ' && p[0] == 'k' && p[1] == 'B') {
    *kb = true;
    p += 2;
    while (p < end && IsBlank(*p)) ++p;
  }
  return p == end;
}

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

std::string_view MeminfoKeyName(MeminfoKey key) {
  return key == MeminfoKey::kOther ? std::string_view() : kKeyNames[static_cast<size_t>(key)];
}

std::optional<uint64_t> Meminfo::Value(MeminfoKey key) const {
  if (key == MeminfoKey::kOther) return std::nullopt;
  const uint16_t at = position[static_cast<size_t>(key)];
  if (at == 0) return std::nullopt;
  return lines[at - 1].value;
}

std::optional<uint64_t> Meminfo::Value(std::string_view key) const {
  for (const MeminfoLine& line : lines) {
    if (line.key == key) return line.value;
  }
  return std::nullopt;
}

absl::StatusOr<Meminfo> ParseMeminfo(std::string text) {
  // One pass over the text: no per-line strings, splits or sets (this runs
  // on every meminfo and swaps read).
  Meminfo out;
  out.text = std::make_shared<const std::string>(std::move(text));
  const char* p = out.text->data();
  const char* const end = p + out.text->size();
  out.lines.reserve(64);
  while (p < end) {
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (eol == nullptr) eol = end;
    const std::string_view line(p, eol - p);
    p = eol + 1;
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("meminfo: no \"Key:\" in \"", View(line), "\""));
    }
    MeminfoLine parsed;
    parsed.key = line.substr(0, colon);
    parsed.raw = line;
    if (!ParseValue(line.data() + colon + 1, line.data() + line.size(), &parsed.value,
                    &parsed.kb)) {
      return absl::InvalidArgumentError(
          absl::StrCat("meminfo: bad value in \"", View(line), "\""));
    }
    parsed.id = KeyOf(parsed.key);
    if (parsed.id != MeminfoKey::kOther) {
      uint16_t& at = out.position[static_cast<size_t>(parsed.id)];
      if (at != 0) {
        return absl::InvalidArgumentError(absl::StrCat("meminfo: ", View(parsed.key), " repeats"));
      }
      if (out.lines.size() >= UINT16_MAX) {
        return absl::InvalidArgumentError("meminfo: too many lines");
      }
      at = static_cast<uint16_t>(out.lines.size() + 1);
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
