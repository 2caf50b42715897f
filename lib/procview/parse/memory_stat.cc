// memory_stat.cc: memory.stat parsers (cgroup_values.h), read on every
// meminfo read (swaps reads no memory.stat).
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

// A table's entries by the first byte of their key, as bit sets: a line
// is compared only with the entries its key could be (usually one; none
// for most of memory.stat).
struct KeysByFirstByte {
  uint32_t entries[256] = {};
};
template <size_t N>
constexpr KeysByFirstByte IndexOf(const StatKey (&table)[N]) {
  static_assert(N <= 32, "a bit per entry");
  KeysByFirstByte index;
  for (size_t i = 0; i < N; ++i) {
    index.entries[static_cast<unsigned char>(table[i].name[0])] |= uint32_t{1} << i;
  }
  return index;
}
constexpr KeysByFirstByte kV1Index = IndexOf(kV1StatKeys);
constexpr KeysByFirstByte kV2Index = IndexOf(kV2StatKeys);

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
  const KeysByFirstByte& index;
};

// The line at `p` (its text ending by `end`) when it is "KEY value" for a
// key of `keys` not yet `seen`: the value stored in `s`, the key's bit set
// in `seen`, and the end of the number returned (the line's newline or
// `end`). nullptr for any other line; `malformed` set when the value of a
// key it reads is not a number.
template <size_t N>
inline __attribute__((always_inline)) const char* ReadKeyLine(const char* p, const char* end,
                                                              const StatKeys<N>& keys,
                                                              MemoryStat* s, uint32_t* seen,
                                                              bool* malformed) {
  // Keys hold no newline: a match never runs past the line.
  if (static_cast<size_t>(end - p) <= keys.prefix.size() || !StartsWith(p, end, keys.prefix)) {
    return nullptr;
  }
  const char* const key = p + keys.prefix.size();
  const size_t rest = end - key;
  for (uint32_t candidates = keys.index.entries[static_cast<unsigned char>(*key)] & ~*seen;
       candidates != 0; candidates &= candidates - 1) {
    const size_t i = __builtin_ctz(candidates);
    const absl::string_view name = keys.table[i].name;  // the line must be "NAME value"
    if (rest <= name.size() || key[name.size()] != ' ' ||
        std::memcmp(key, name.data(), name.size()) != 0) {
      continue;
    }
    uint64_t* const value = &(s->*keys.table[i].field);
    const char* const eol = ParseDecimalLine(key + name.size() + 1, end, value);
    *malformed = eol == nullptr;
    *seen |= uint32_t{1} << i;
    return eol;
  }
  return nullptr;
}

// memory.stat into MemoryStat: missing keys stay 0. InvalidArgument when
// `required` (a table index) is missing or the value of a "KEY value" line
// whose KEY it reads is not a number. Other lines are skipped unchecked:
// the file is scanned on every meminfo read (~70 lines, most unused), and a
// line of a new form must not break meminfo. Lines are read from the start,
// or `from_end` from the last (v1 prints its total_ keys last: the cgroup's
// own half of the file is then never looked at), and once every key is
// found the rest is skipped; so a repeated key keeps the value read first
// (from the end: the last one).
template <size_t N>
absl::StatusOr<MemoryStat> ParseMemoryStat(std::string_view text, const StatKeys<N>& keys,
                                           bool from_end, size_t required,
                                           absl::string_view what) {
  MemoryStat s;
  uint32_t seen = 0;  // the entries found, as bits
  const uint32_t all = N == 32 ? ~uint32_t{0} : (uint32_t{1} << N) - 1;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  bool malformed = false;
  if (from_end) {
    for (const char* line_end = end; seen != all && line_end > begin;) {
      const void* newline = memrchr(begin, '\n', line_end - begin);
      const char* const line = newline ? static_cast<const char*>(newline) + 1 : begin;
      ReadKeyLine(line, line_end, keys, &s, &seen, &malformed);
      if (malformed) return MalformedLine(line, line_end);
      if (line == begin) break;
      line_end = line - 1;  // its newline
    }
  } else {
    for (const char* p = begin; p < end && seen != all;) {
      const char* eol = ReadKeyLine(p, end, keys, &s, &seen, &malformed);
      if (malformed) return MalformedLine(p, end);
      if (eol == nullptr) {
        eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
        if (eol == nullptr) break;
      }
      p = eol + 1;
    }
  }
  if ((seen & (uint32_t{1} << required)) == 0) return absl::InvalidArgumentError(what);
  return s;
}

}  // namespace

absl::StatusOr<MemoryStat> ParseMemoryStatV1(std::string_view text) {
  return ParseMemoryStat(text, StatKeys<std::size(kV1StatKeys)>{"total_", kV1StatKeys, kV1Index},
                         /*from_end=*/true, /*required=rss*/ 1,
                         "v1 memory.stat without total_rss");
}

absl::StatusOr<MemoryStat> ParseMemoryStatV2(std::string_view text) {
  return ParseMemoryStat(text, StatKeys<std::size(kV2StatKeys)>{"", kV2StatKeys, kV2Index},
                         /*from_end=*/false, /*required=anon*/ 0,
                         "v2 memory.stat without anon");
}

}  // namespace procview
