// memory_stat.cc: memory.stat parsers (cgroup_values.h), read on every
// meminfo read (swaps reads no memory.stat). v1 also gives the limits it
// states (hierarchical_*_limit), which spare meminfo the limit walks.
#include <string.h>  // memrchr

#include <algorithm>
#include <cstring>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// A MemoryStat field and its key (after the v1 "total_" prefix).
struct StatKey {
  absl::string_view name;
  uint64_t MemoryStat::*field;
};

// Both tables list the keys in the order the kernel prints them.
constexpr StatKey kV1StatKeys[] = {
    {"cache", &MemoryStat::file},
    {"rss", &MemoryStat::anon},
    {"rss_huge", &MemoryStat::anon_thp},
    {"shmem", &MemoryStat::shmem},
    {"mapped_file", &MemoryStat::file_mapped},
    {"dirty", &MemoryStat::file_dirty},
    {"writeback", &MemoryStat::file_writeback},
    {"inactive_anon", &MemoryStat::inactive_anon},
    {"active_anon", &MemoryStat::active_anon},
    {"inactive_file", &MemoryStat::inactive_file},
    {"active_file", &MemoryStat::active_file},
    {"unevictable", &MemoryStat::unevictable},
};

constexpr StatKey kV2StatKeys[] = {
    {"anon", &MemoryStat::anon},
    {"file", &MemoryStat::file},
    {"kernel_stack", &MemoryStat::kernel_stack},
    {"pagetables", &MemoryStat::pagetables},
    {"shmem", &MemoryStat::shmem},
    {"file_mapped", &MemoryStat::file_mapped},
    {"file_dirty", &MemoryStat::file_dirty},
    {"file_writeback", &MemoryStat::file_writeback},
    {"anon_thp", &MemoryStat::anon_thp},
    {"inactive_anon", &MemoryStat::inactive_anon},
    {"active_anon", &MemoryStat::active_anon},
    {"inactive_file", &MemoryStat::inactive_file},
    {"active_file", &MemoryStat::active_file},
    {"unevictable", &MemoryStat::unevictable},
    {"slab_reclaimable", &MemoryStat::slab_reclaimable},
    {"slab_unreclaimable", &MemoryStat::slab_unreclaimable},
};

// The start of a line of key `name` ("NAME "), as two little-endian words
// and the masks of their bytes that count; `fits` false when it is over 16
// bytes (then compared with memcmp).
struct KeyWords {
  uint64_t word[2] = {};
  uint64_t mask[2] = {};
  bool fits = false;
};
constexpr KeyWords WordsOf(absl::string_view name) {
  KeyWords k;
  k.fits = name.size() < 16;
  for (size_t i = 0; k.fits && i <= name.size(); ++i) {
    const char c = i < name.size() ? name[i] : ' ';
    k.word[i / 8] |= uint64_t{static_cast<unsigned char>(c)} << (8 * (i % 8));
    k.mask[i / 8] |= uint64_t{0xFF} << (8 * (i % 8));
  }
  return k;
}

// A table's entries by the first byte of their key, as bit sets: a line
// is compared only with the entries its key could be (usually one; none
// for most of memory.stat); and each entry's KeyWords.
struct KeyIndex {
  uint32_t entries[256] = {};
  KeyWords words[32] = {};
};
template <size_t N>
constexpr KeyIndex IndexOf(const StatKey (&table)[N]) {
  static_assert(N <= 32, "a bit per entry");
  KeyIndex index;
  for (size_t i = 0; i < N; ++i) {
    index.entries[static_cast<unsigned char>(table[i].name[0])] |= uint32_t{1} << i;
    index.words[i] = WordsOf(table[i].name);
  }
  return index;
}
constexpr KeyIndex kV1Index = IndexOf(kV1StatKeys);
constexpr KeyIndex kV2Index = IndexOf(kV2StatKeys);

// True when the line from `key` (to `line_end`; the text goes on to
// `text_end`) starts with "NAME ": two masked word compares where 16 bytes
// are left, rather than a memcmp call.
inline __attribute__((always_inline)) bool StartsWithKey(const char* key, const char* line_end,
                                                        const char* text_end,
                                                        absl::string_view name,
                                                        const KeyWords& words) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (words.fits && text_end - key >= 16) {  // a match ends before the line's newline
    uint64_t text[2];
    std::memcpy(text, key, 16);
    return (((text[0] ^ words.word[0]) & words.mask[0]) |
            ((text[1] ^ words.word[1]) & words.mask[1])) == 0;
  }
#endif
  return static_cast<size_t>(line_end - key) > name.size() && key[name.size()] == ' ' &&
         std::memcmp(key, name.data(), name.size()) == 0;
}

// True when the text from `p` (to `end`, more than prefix.size() bytes)
// starts with `prefix`: one masked 8-byte compare for a short prefix
// ("total_", on every memory.stat line) rather than a memcmp call.
inline __attribute__((always_inline)) bool StartsWith(const char* p, const char* end,
                                                     std::string_view prefix) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (prefix.size() < 8 && end - p >= 8) {
    uint64_t text;
    uint64_t want = 0;
    std::memcpy(&text, p, 8);
    std::memcpy(&want, prefix.data(), prefix.size());
    const uint64_t mask = (uint64_t{1} << (8 * prefix.size())) - 1;
    return ((text ^ want) & mask) == 0;
  }
#endif
  return std::memcmp(p, prefix.data(), prefix.size()) == 0;
}

// The error of the memory.stat line at `p`, naming it.
absl::Status MalformedLine(const char* p, const char* end) {
  const void* eol = std::memchr(p, '\n', end - p);
  const size_t size = (eol ? static_cast<const char*>(eol) : end) - p;
  return absl::InvalidArgumentError(absl::StrCat(
      "malformed memory.stat line: \"", absl::string_view(p, std::min<size_t>(size, 80)), "\""));
}

// What ParseMemoryStat reads a memory.stat with: the keys of `table`, each
// after `prefix`, found by first byte through `index`.
template <size_t N>
struct StatKeys {
  std::string_view prefix;
  const StatKey (&table)[N];
  const KeyIndex& index;
};

// The line at `p` (its text ending by `end`, the whole text by `text_end`)
// when it is "KEY value" for a key of `keys` not yet `seen`: the value
// stored in `s`, the key's bit set in `seen`, and the end of the number
// returned (the line's newline or `end`). nullptr for any other line;
// `malformed` set when the value of a key it reads is not a number.
template <size_t N>
inline __attribute__((always_inline)) const char* ReadKeyLine(const char* p, const char* end,
                                                              const char* text_end,
                                                              const StatKeys<N>& keys,
                                                              MemoryStat* s, uint32_t* seen,
                                                              bool* malformed) {
  // Keys hold no newline: a match never runs past the line.
  if (static_cast<size_t>(end - p) <= keys.prefix.size() || !StartsWith(p, end, keys.prefix)) {
    return nullptr;
  }
  const char* const key = p + keys.prefix.size();
  for (uint32_t candidates = keys.index.entries[static_cast<unsigned char>(*key)] & ~*seen;
       candidates != 0; candidates &= candidates - 1) {
    const size_t i = __builtin_ctz(candidates);
    const absl::string_view name = keys.table[i].name;  // the line must be "NAME value"
    if (!StartsWithKey(key, end, text_end, name, keys.index.words[i])) continue;
    uint64_t* const value = &(s->*keys.table[i].field);
    const char* const eol = ParseDecimalLine(key + name.size() + 1, end, value);
    *malformed = eol == nullptr;
    *seen |= uint32_t{1} << i;
    return eol;
  }
  return nullptr;
}

// The 8 bytes of `text` as a little-endian word.
constexpr uint64_t Word(std::string_view text) {
  uint64_t word = 0;
  for (size_t i = 0; i < 8; ++i) {
    word |= uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
  }
  return word;
}

// Which limit line the line at `p` (to `line_end`, the text going on to
// `text_end`) is: "hierarchical_memory_limit " or "hierarchical_memsw_limit "
// and where its number starts; nullptr for any other line. Word compares
// where 32 bytes are left (the two keys differ from their 17th byte), else
// memcmp.
const char* LimitLineValue(const char* p, const char* line_end, const char* text_end,
                           bool* memsw) {
  constexpr std::string_view kMemory = "hierarchical_memory_limit ";
  constexpr std::string_view kMemsw = "hierarchical_memsw_limit ";
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (text_end - p >= 32) {
    // Both keys start with the same 16 bytes; then the memsw key has 8 more
    // and ' ', the memory key 8 more and "t ".
    constexpr uint64_t kStart[2] = {Word(kMemory), Word(kMemory.substr(8))};
    constexpr uint64_t kMemswRest = Word(kMemsw.substr(16));
    constexpr uint64_t kMemoryRest = Word(kMemory.substr(16));
    uint64_t w[4];
    std::memcpy(w, p, 32);
    if (w[0] != kStart[0] || w[1] != kStart[1]) return nullptr;
    *memsw = w[2] == kMemswRest && (w[3] & 0xFF) == ' ';
    if (*memsw) return p + kMemsw.size();
    const bool memory = w[2] == kMemoryRest && (w[3] & 0xFFFF) == ('t' | ' ' << 8);
    return memory ? p + kMemory.size() : nullptr;
  }
#endif
  for (const std::string_view key : {kMemory, kMemsw}) {
    if (static_cast<size_t>(line_end - p) > key.size() &&
        std::memcmp(p, key.data(), key.size()) == 0) {
      *memsw = key == kMemsw;
      return p + key.size();
    }
  }
  return nullptr;
}

// The v1 limit line at `p` (to `end`, the text going on to `text_end`),
// "hierarchical_memory_limit N" or "hierarchical_memsw_limit N", into
// `limits` unless that one is read already (from the end: a repeated line
// keeps its last value). False for any other line; `malformed` set when its
// value is not a number.
bool ReadLimitLine(const char* p, const char* end, const char* text_end, V1StatedLimits* limits,
                   bool* malformed) {
  bool memsw = false;
  const char* const value = LimitLineValue(p, end, text_end, &memsw);  // a key holds no newline
  if (value == nullptr) return false;
  bool* const has = memsw ? &limits->has_memsw : &limits->has_memory;
  if (*has) return true;
  uint64_t bytes = 0;
  *malformed = ParseDecimalLine(value, end, &bytes) == nullptr;
  *has = true;
  (memsw ? limits->memsw : limits->memory) = V1Limit(bytes);
  return true;
}

// memory.stat into MemoryStat, read from the start: missing keys stay 0.
// InvalidArgument when `required` (a table index) is missing or the value of
// a "KEY value" line whose KEY it reads is not a number. Other lines are
// skipped unchecked: the file is scanned on every meminfo read (~70 lines,
// most unused), and a line of a new form must not break meminfo. Once every
// key is found the rest is skipped; so a repeated key keeps the value read
// first.
template <size_t N>
absl::StatusOr<MemoryStat> ParseMemoryStat(std::string_view text, const StatKeys<N>& keys,
                                           size_t required, absl::string_view what) {
  MemoryStat s;
  uint32_t seen = 0;  // the entries found, as bits
  const uint32_t all = N == 32 ? ~uint32_t{0} : (uint32_t{1} << N) - 1;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  bool malformed = false;
  for (const char* p = begin; p < end && seen != all;) {
    const char* eol = ReadKeyLine(p, end, end, keys, &s, &seen, &malformed);
    if (malformed) return MalformedLine(p, end);
    if (eol == nullptr) {
      eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (eol == nullptr) break;
    }
    p = eol + 1;
  }
  if ((seen & (uint32_t{1} << required)) == 0) return absl::InvalidArgumentError(what);
  return s;
}

}  // namespace

// As ParseMemoryStat, but lines are read from the last: v1 prints its total_
// keys last, so the cgroup's own half of the file is never looked at, and a
// repeated key keeps its last value. With `limits`, the hierarchical_*_limit
// lines met on the way are read too, and once every total is read the scan
// goes on through the limit lines just before them (where the kernel prints
// them), stopping at the first other line. Flattened: the number reads are
// inlined into its loop (a meminfo read parses ~14).
__attribute__((flatten)) absl::StatusOr<MemoryStat> ParseMemoryStatV1(std::string_view text,
                                                                  V1StatedLimits* limits) {
  constexpr size_t kKeys = std::size(kV1StatKeys);
  constexpr uint32_t kAll = (uint32_t{1} << kKeys) - 1;
  const StatKeys<kKeys> keys{"total_", kV1StatKeys, kV1Index};
  if (limits != nullptr) *limits = {};
  MemoryStat s;
  uint32_t seen = 0;  // the entries found, as bits
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  bool malformed = false;
  for (const char* line_end = end;
       line_end > begin && (seen != kAll || (limits != nullptr && !limits->has_memory));) {
    const void* newline = memrchr(begin, '\n', line_end - begin);
    const char* const line = newline ? static_cast<const char*>(newline) + 1 : begin;
    if (seen != kAll) {
      if (ReadKeyLine(line, line_end, end, keys, &s, &seen, &malformed) == nullptr &&
          !malformed && limits != nullptr && line < line_end && *line == 'h') {
        ReadLimitLine(line, line_end, end, limits, &malformed);
      }
    } else if (!ReadLimitLine(line, line_end, end, limits, &malformed)) {
      break;  // past the limit lines before the totals
    }
    if (malformed) return MalformedLine(line, line_end);
    if (line == begin) break;
    line_end = line - 1;  // its newline
  }
  constexpr size_t kRss = 1;  // kV1StatKeys' total_rss: required
  if ((seen & (uint32_t{1} << kRss)) == 0) {
    return absl::InvalidArgumentError("v1 memory.stat without total_rss");
  }
  return s;
}

absl::StatusOr<V1StatedLimits> FindV1StatedMemswLimit(std::string_view text) {
  V1StatedLimits limits;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  bool malformed = false;
  // Only lines that start with 'h' can be one: hop from 'h' to 'h' back
  // from the end (a few per file) rather than from line to line.
  for (const char* before = end; !limits.has_memsw;) {
    const char* const h = static_cast<const char*>(memrchr(begin, 'h', before - begin));
    if (h == nullptr) break;
    if (h == begin || h[-1] == '\n') {
      const void* newline = std::memchr(h, '\n', end - h);
      const char* const line_end = newline ? static_cast<const char*>(newline) : end;
      ReadLimitLine(h, line_end, end, &limits, &malformed);
      if (malformed) return MalformedLine(h, line_end);
    }
    before = h;
  }
  return limits;
}

absl::StatusOr<MemoryStat> ParseMemoryStatV2(std::string_view text) {
  return ParseMemoryStat(text, StatKeys<std::size(kV2StatKeys)>{"", kV2StatKeys, kV2Index},
                         /*required=anon*/ 0, "v2 memory.stat without anon");
}

}  // namespace procview
