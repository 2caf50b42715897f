// meminfo.cc: /proc/meminfo parser and the kernel's line format.
#include "lib/procview/parse/meminfo.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
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

// The known keys in an open-addressed table of kKeySlots, hashed by length
// and first and last bytes, so recognizing a key costs a hash and about one
// compare. Built at compile time.
constexpr size_t kKeySlots = 128;
constexpr size_t KeyHash(const char* key, size_t size) {
  return (size * 13 + static_cast<unsigned char>(key[0]) * 3 +
          static_cast<unsigned char>(key[size - 1])) % kKeySlots;
}

struct KeyTable {
  uint8_t slot[kKeySlots] = {};  // the MeminfoKey + 1; 0 for an empty slot
};

constexpr KeyTable MakeKeyTable() {
  KeyTable table;
  for (size_t id = 0; id < kMeminfoKeys; ++id) {
    size_t at = KeyHash(kKeyNames[id].data(), kKeyNames[id].size());
    while (table.slot[at] != 0) at = (at + 1) % kKeySlots;
    table.slot[at] = static_cast<uint8_t>(id + 1);
  }
  return table;
}
constexpr KeyTable kKeyTable = MakeKeyTable();

MeminfoKey KeyOf(std::string_view key) {
  for (size_t at = KeyHash(key.data(), key.size());; at = (at + 1) % kKeySlots) {
    const uint8_t entry = kKeyTable.slot[at];
    if (entry == 0) return MeminfoKey::kOther;
    const std::string_view name = kKeyNames[entry - 1];
    if (name.size() == key.size() && std::memcmp(name.data(), key.data(), key.size()) == 0) {
      return static_cast<MeminfoKey>(entry - 1);
    }
  }
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// Skips blanks. The kernel pads values with runs of spaces, so spaces go
// eight at a time: the first non-space byte of a word is found by its
// lowest set bit (little-endian hosts; others take the byte loop).
const char* SkipBlanks(const char* p, const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kSpaces = 0x2020202020202020;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= kSpaces;  // spaces become zero bytes
    if (word != 0) {
      p += __builtin_ctzll(word) / 8;
      break;
    }
    p += 8;
  }
#endif
  while (p < end && IsBlank(*p)) ++p;
  return p;
}

// The value after a line's colon: blanks, one or more digits, then either
// nothing or (after at least one space) "kB", then blanks. False otherwise.
bool ParseValue(const char* p, const char* end, uint64_t* value, bool* kb) {
  p = SkipBlanks(p, end);
  const char* const digits = p;
  uint64_t n = 0;
  for (unsigned digit; p < end && (digit = static_cast<unsigned char>(*p - '0')) <= 9; ++p) {
    n = n * 10 + digit;
  }
  if (p == digits) return false;
  *value = n;
  // Over 19 digits may have wrapped: ParseDecimal checks (and refuses) those.
  if (p - digits > 19 && !ParseDecimal(std::string_view(digits, p - digits), value)) {
    return false;
  }
  // The kernel's own forms first: nothing or " kB" after the digits.
  if (p == end) {
    *kb = false;
    return true;
  }
  if (end - p == 3 && p[0] == ' ' && p[1] == 'k' && p[2] == 'B') {
    *kb = true;
    return true;
  }
  const char* const after_digits = p;
  p = SkipBlanks(p, end);
  *kb = false;
  if (end - p >= 2 && p > after_digits && p[-1] == ' ' && p[0] == 'k' && p[1] == 'B') {
    *kb = true;
    p = SkipBlanks(p + 2, end);
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

absl::StatusOr<std::optional<uint64_t>> FindMeminfoValue(std::string_view text, MeminfoKey key) {
  const std::string_view name = MeminfoKeyName(key);
  if (name.empty()) return std::nullopt;
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const size_t colon = at + name.size();
    if ((at != 0 && text[at - 1] != '\n') || colon >= text.size() || text[colon] != ':') {
      continue;  // inside another line or key
    }
    const size_t eol = std::min(text.find('\n', colon), text.size());
    uint64_t value = 0;
    bool kb = false;
    if (!ParseValue(text.data() + colon + 1, text.data() + eol, &value, &kb)) {
      return absl::InvalidArgumentError(
          absl::StrCat("meminfo: bad value in \"", View(text.substr(at, eol - at)), "\""));
    }
    return value;
  }
  return std::nullopt;
}

std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb) {
  std::string line;
  AppendMeminfoLine(&line, key, value, kb);
  return line;
}

void AppendMeminfoLine(std::string* out, std::string_view key, uint64_t value, bool kb) {
  char line[64];
  if (MaxMeminfoLineSize(key) > sizeof(line)) {  // an unusually long key
    std::string long_line(MaxMeminfoLineSize(key), '\0');
    long_line.resize(WriteMeminfoLine(&long_line[0], key, value, kb) - long_line.data());
    out->append(long_line);
    return;
  }
  out->append(line, WriteMeminfoLine(line, key, value, kb) - line);
}

char* WriteMeminfoLine(char* at, std::string_view key, uint64_t value, bool kb) {
  // Formatted by hand: this runs for every rewritten line of every meminfo
  // read, and StrFormat's format parsing cost more than the rest of the line.
  char number[20];  // UINT64_MAX has 20 digits
  char* digit = number + sizeof(number);
  do {
    *--digit = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  const size_t digits = number + sizeof(number) - digit;
  const size_t label = std::max<size_t>(key.size() + 1, 16);  // "Key:" and padding
  const size_t field = std::max<size_t>(digits, 8);           // the right-aligned value
  std::memcpy(at, key.data(), key.size());
  at[key.size()] = ':';
  for (size_t i = key.size() + 1; i < label + field - digits; ++i) at[i] = ' ';
  std::memcpy(at + label + field - digits, digit, digits);
  at += label + field;
  if (kb) {
    std::memcpy(at, " kB", 3);
    at += 3;
  }
  return at;
}

}  // namespace procview
