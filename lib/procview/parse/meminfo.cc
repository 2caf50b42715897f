// meminfo.cc: /proc/meminfo parser (the line format is in meminfo_format.cc,
// the kernel's exact layout in meminfo_layout.h).
#include "lib/procview/parse/meminfo.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/meminfo_layout.h"

namespace procview {
namespace {

// The known keys by size, first byte and last byte, as bit sets of ids: a
// key is compared only with the known keys agreeing on all three (one or
// none for every kernel key). Built at compile time.
struct KeyIndex {
  static constexpr size_t kMaxSize = 32;  // longer keys are none of ours
  uint32_t by_size[kMaxSize] = {};
  uint32_t by_first[256] = {};
  uint32_t by_last[256] = {};
};
static_assert(kMeminfoKeys <= 32, "a bit per known key");

constexpr KeyIndex MakeKeyIndex() {
  KeyIndex index;
  for (size_t id = 0; id < kMeminfoKeys; ++id) {
    const std::string_view name = kMeminfoKeyNames[id];
    const uint32_t bit = uint32_t{1} << id;
    index.by_size[name.size()] |= bit;
    index.by_first[static_cast<unsigned char>(name.front())] |= bit;
    index.by_last[static_cast<unsigned char>(name.back())] |= bit;
  }
  return index;
}
constexpr KeyIndex kKeyIndex = MakeKeyIndex();

// memcmp(a, b, n) == 0 without the library call for keys of up to 16
// bytes (every kernel key): two overlapping 8-byte compares, or a loop.
bool SameBytes(const char* a, const char* b, size_t n) {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) {
    uint64_t x[2];
    uint64_t y[2];
    std::memcpy(&x[0], a, 8);
    std::memcpy(&y[0], b, 8);
    std::memcpy(&x[1], a + n - 8, 8);
    std::memcpy(&y[1], b + n - 8, 8);
    return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline __attribute__((always_inline)) MeminfoKey KeyOf(std::string_view key) {
  if (key.empty() || key.size() >= KeyIndex::kMaxSize) return MeminfoKey::kOther;
  for (uint32_t candidates = kKeyIndex.by_size[key.size()] &
                             kKeyIndex.by_first[static_cast<unsigned char>(key.front())] &
                             kKeyIndex.by_last[static_cast<unsigned char>(key.back())];
       candidates != 0; candidates &= candidates - 1) {
    const size_t id = __builtin_ctz(candidates);
    if (SameBytes(kMeminfoKeyNames[id].data(), key.data(), key.size())) {
      return static_cast<MeminfoKey>(id);
    }
  }
  return MeminfoKey::kOther;
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// Skips spaces, eight at a time (the kernel pads values with runs of
// them): the first other byte of a word is found by its lowest set bit
// (little-endian hosts; others take the byte loop).
inline __attribute__((always_inline)) const char* SkipSpaces(const char* p, const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kSpaces = 0x2020202020202020;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= kSpaces;  // spaces become zero bytes
    if (word != 0) return p + __builtin_ctzll(word) / 8;
    p += 8;
  }
#endif
  while (p < end && *p == ' ') ++p;
  return p;
}

// Skips blanks: spaces quickly, then any others.
const char* SkipBlanks(const char* p, const char* end) {
  p = SkipSpaces(p, end);
  while (p < end && IsBlank(*p)) p = SkipSpaces(p + 1, end);
  return p;
}

// The first ':' or newline from `p` (`end` when none). Keys go eight bytes
// at a time: ':' (0x3a) and '\n' (0x0a) differ only in bits 0x30, so with
// those bits set in every byte both become 0x3a, found as a zero byte of
// word ^ 0x3a.. (the classic has-zero test, exact for the lowest such
// byte). '*' and 0x1a become 0x3a too: those are passed over. Little-endian
// hosts; others take the byte loop.
inline __attribute__((always_inline)) const char* FindColonOrNewline(const char* p,
                                                                     const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHighs = 0x8080808080808080;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    const uint64_t x = (word | (kOnes * 0x30)) ^ (kOnes * ':');
    const uint64_t hits = (x - kOnes) & ~x & kHighs;
    if (hits == 0) {
      p += 8;
      continue;
    }
    p += __builtin_ctzll(hits) / 8;
    if (*p == ':' || *p == '\n') return p;
    ++p;  // '*' or 0x1a
  }
#endif
  while (p < end && *p != ':' && *p != '\n') ++p;
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

// The line at `p` in the kernel's own form, "Key:" then spaces, at most 19
// digits and " kB" or nothing: its end (its newline or `end`), with
// `parsed`'s key, value, kb and digits set; nullptr for any other form,
// which ParseLine then judges. One pass with no search: the usual case of
// every meminfo read.
inline __attribute__((always_inline)) const char* ParseKernelLine(const char* p, const char* end,
                                                                  MeminfoLine* parsed) {
  const char* const start = p;
  p = FindColonOrNewline(p, end);
  if (p == start || p == end || *p != ':') return nullptr;
  parsed->key = std::string_view(start, p - start);
  p = SkipSpaces(p + 1, end);
  const char* const digits = p;
  uint64_t n = 0;
  p = ParseDigits(p, end, &n);
  if (p == digits || p - digits > 19) return nullptr;
  parsed->value = n;
  parsed->digits = static_cast<uint8_t>(p - digits);
  if (end - p >= 4 && std::memcmp(p, " kB\n", 4) == 0) {  // the usual end: one compare
    parsed->kb = true;
    return p + 3;
  }
  parsed->kb = end - p >= 3 && p[0] == ' ' && p[1] == 'k' && p[2] == 'B';
  if (parsed->kb) p += 3;
  return p == end || *p == '\n' ? p : nullptr;
}

// Any line: the kernel's form quickly, others checked by ParseValue.
// InvalidArgument, naming the line, when it is not "Key: number [kB]".
absl::Status ParseLine(const char* p, const char* end, MeminfoLine* parsed, const char** eol) {
  *eol = ScanSpacedMeminfoLine(p, end, parsed);
  if (*eol != nullptr) return absl::OkStatus();
  parsed->spaced = false;
  *eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
  if (*eol == nullptr) *eol = end;
  const std::string_view line(p, *eol - p);
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("meminfo: no \"Key:\" in \"", View(line), "\""));
  }
  parsed->key = line.substr(0, colon);
  parsed->raw = line;
  parsed->id = KeyOf(parsed->key);
  if (!ParseValue(line.data() + colon + 1, line.data() + line.size(), &parsed->value,
                  &parsed->kb)) {
    return absl::InvalidArgumentError(absl::StrCat("meminfo: bad value in \"", View(line), "\""));
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view MeminfoKeyName(MeminfoKey key) {
  return key == MeminfoKey::kOther ? std::string_view()
                                    : kMeminfoKeyNames[static_cast<size_t>(key)];
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

const char* ScanSpacedMeminfoLine(const char* p, const char* end, MeminfoLine* line) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const char* eol = ScanMeminfoColumns(p, end, line);
  if (eol != nullptr) {
    // The digits that end the field, after its spaces.
    line->digits = 0;
    while (line->digits < 8 && p[kMeminfoFieldAt + 7 - line->digits] != ' ') ++line->digits;
  } else if ((eol = ScanWideMeminfoColumns(p, end, line)) == nullptr) {
    eol = ParseKernelLine(p, end, line);
    if (eol == nullptr) return nullptr;
    line->id = KeyOf(line->key);
  }
#else
  const char* const eol = ParseKernelLine(p, end, line);
  if (eol == nullptr) return nullptr;
  line->id = KeyOf(line->key);
#endif
  line->raw = std::string_view(p, eol - p);
  line->spaced = true;
  return eol;
}

absl::Status ScanMeminfoLine(const char* p, const char* end, MeminfoLine* line,
                             const char** eol) {
  return ParseLine(p, end, line, eol);
}

absl::StatusOr<Meminfo> ParseMeminfo(std::string text) {
  // One pass over the text: no per-line strings, splits or sets.
  Meminfo out;
  out.text = std::make_shared<const std::string>(std::move(text));
  const char* p = out.text->data();
  const char* const end = p + out.text->size();
  out.lines.reserve(64);
  while (p < end) {
    if (*p == '\n') {  // an empty line
      ++p;
      continue;
    }
    MeminfoLine& parsed = out.lines.emplace_back();  // parsed in place (on error, dropped)
    const char* eol = nullptr;
    const absl::Status line = ScanMeminfoLine(p, end, &parsed, &eol);
    if (!line.ok()) return line;
    p = eol + 1;
    if (parsed.id != MeminfoKey::kOther) {
      uint16_t& at = out.position[static_cast<size_t>(parsed.id)];
      if (at != 0) {
        return absl::InvalidArgumentError(absl::StrCat("meminfo: ", View(parsed.key), " repeats"));
      }
      if (out.lines.size() > UINT16_MAX) {
        return absl::InvalidArgumentError("meminfo: too many lines");
      }
      at = static_cast<uint16_t>(out.lines.size());
    }
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
    MeminfoLine line;  // the kernel's form read at once, else checked below
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (ScanMeminfoColumns(text.data() + at, text.data() + text.size(), &line) != nullptr) {
      return line.value;  // the usual line, inline
    }
#endif
    if (ScanSpacedMeminfoLine(text.data() + at, text.data() + text.size(), &line) != nullptr) {
      return line.value;
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

}  // namespace procview
