// proc_stat_cpu_lines.cc: see proc_stat_cpu_lines.h.
#include "lib/procview/parse/proc_stat_cpu_lines.h"

#include <cstddef>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "lib/procview/parse/proc_stat_masks.h"

namespace procview {
namespace proc_stat_internal {

absl::Status LineError(size_t line_no, std::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("/proc/stat line ", line_no, " (\"",
                   absl::string_view(line.data(), line.size()).substr(0, 60), "\"): ", why));
}

// The number of leading lines that start with "cpu": a kernel's cpu lines,
// counted first so that their list is allocated once, at its size (an
// estimate from the text's size would be dominated by the intr line).
size_t CountCpuLines(std::string_view text) {
  size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (end - p >= 3 && std::memcmp(p, "cpu", 3) == 0) {
    ++n;
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (newline == nullptr) break;
    p = static_cast<const char*>(newline) + 1;
  }
  return n;
}

namespace {

// ParseCpuColumns byte by byte, for any text; only checks when `ticks` is
// null. One pass over the characters: the numbers are accumulated while
// they are scanned, and the line's end is found on the way.
size_t ColumnsByByte(const char* p, const char* const end, CpuTicks* ticks,
                     const char** line_end) {
  size_t count = 0;
  // One step per column: its blanks (one as the kernel writes them), then
  // its number, which ends at a blank or at the line's end.
  while (p != end && *p == ' ') {
    do ++p;
    while (p != end && *p == ' ');
    if (p == end || *p == '\n') break;  // blanks at the end
    uint64_t n = 0;
    if (*p == '0' && (end - p == 1 || p[1] == ' ' || p[1] == '\n')) {
      ++p;  // a lone 0, common (irq, steal, guest...): nothing to combine
    } else {
      const char* const start = p;
      p = ParseDigits(p, end, &n);  // eight digits per step
      const size_t digits = static_cast<size_t>(p - start);
      if (digits == 0 || (p != end && *p != ' ' && *p != '\n')) return 0;
      // 19 digits always fit; longer numbers are checked as ParseDecimal does.
      if (digits > 19 && !ParseDecimal(std::string_view(start, digits), &n)) return 0;
    }
    if (ticks != nullptr && count < kCpuFieldCount) ticks->v[count] = n;
    ++count;
  }
  if (p != end && *p != '\n') return 0;  // the values did not start with a blank
  *line_end = p;
  return count;
}

#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PROCVIEW_CPU_COLUMNS_BY_MASK 1

// A cpu line's numbers as bit masks of the 64 bytes after its key: bit i of
// `starts` (`ends`) is set when byte i is a number's first (last) digit.
struct ColumnMasks {
  uint64_t starts = 0;
  uint64_t ends = 0;
  const char* line_end = nullptr;
};

// Bytes that must be left after a line's values for the masks: the 64 they
// are made of, and 8-byte loads from any number's first digit.
constexpr ptrdiff_t kMaskRoom = proc_stat_internal::kBlock + 8;

// The masks of the values at `p`, when they are the kernel's: a blank
// first, then blanks and numbers of fewer than 20 digits up to a '\n' within
// 64 bytes, with kMaskRoom bytes left. False leaves the line to
// ColumnsByByte (a long line, the text's last, anything unusual), which
// decides it exactly.
bool MaskColumns(const char* p, const char* end, ColumnMasks* out) {
  if (end - p < kMaskRoom) return false;
  const SpaceDigitMasks m = SpacesAndDigits(p);
  const uint64_t other = ~(m.space | m.digit);
  if (other == 0 || (m.space & 1) == 0) return false;
  const size_t size = static_cast<size_t>(__builtin_ctzll(other));
  if (p[size] != '\n') return false;
  const uint64_t digit = m.digit & ((uint64_t{1} << size) - 1);  // size < 64: other != 0
  if (HasRunOf20(digit)) return false;
  out->starts = digit & ~(digit << 1);
  out->ends = digit & ~(digit >> 1);
  out->line_end = p + size;
  return true;
}

uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// The value of the `n` (1..19) digits at `p`, eight at a time (the first
// step takes 1..8 so the others take 8), with 8 bytes readable at `p`.
uint64_t DigitsValue(const char* p, size_t n) {
  const size_t lead = (n - 1) % 8 + 1;
  uint64_t value = EightDigitsValue(Load8(p) << (8 * (8 - lead)));
  for (p += lead, n -= lead; n != 0; p += 8, n -= 8) {
    value = value * 100000000 + EightDigitsValue(Load8(p));
  }
  return value;
}

using word_bits::BitCount;
#endif

}  // namespace

#ifdef PROCVIEW_CPU_COLUMNS_BY_MASK
namespace {

// The numbers of masks `m` of the values at `p` into `ticks`: returns how
// many there are (only the first kCpuFieldCount are kept).
size_t ParseMasked(const char* p, uint64_t starts, uint64_t ends, CpuTicks* ticks) {
  size_t count = 0;
  for (; starts != 0 && count < kCpuFieldCount; ++count) {
    const unsigned first = static_cast<unsigned>(__builtin_ctzll(starts));
    const unsigned digits = static_cast<unsigned>(__builtin_ctzll(ends)) - first + 1;
    // A lone digit (most columns are 0) needs no combining; up to eight
    // (most others) are one word.
    ticks->v[count] = digits == 1   ? static_cast<unsigned char>(p[first] - '0')
                      : digits <= 8 ? EightDigitsValue(Load8(p + first) << (8 * (8 - digits)))
                                    : DigitsValue(p + first, digits);
    starts &= starts - 1;
    ends &= ends - 1;
  }
  return count + BitCount(starts);  // columns past the tenth are only counted
}

}  // namespace
#endif

size_t ParseCpuColumns(const char* p, const char* const end, CpuTicks* ticks,
                       const char** line_end) {
#ifdef PROCVIEW_CPU_COLUMNS_BY_MASK
  ColumnMasks m;
  if (MaskColumns(p, end, &m)) {
    *line_end = m.line_end;
    return ParseMasked(p, m.starts, m.ends, ticks);
  }
#endif
  return ColumnsByByte(p, end, ticks, line_end);
}

size_t CheckCpuColumns(const char* p, const char* const end, const char** line_end,
                       CpuColumnsAt* at) {
#ifdef PROCVIEW_CPU_COLUMNS_BY_MASK
  ColumnMasks m;
  if (MaskColumns(p, end, &m)) {
    *line_end = m.line_end;
    at->starts = m.starts;
    at->ends = m.ends;
    return BitCount(m.starts);
  }
#endif
  return ColumnsByByte(p, end, nullptr, line_end);
}

void ParseCheckedColumns(std::string_view text, const CpuColumnsAt& at, CpuTicks* ticks) {
  const char* const p = text.data() + at.values;
#ifdef PROCVIEW_CPU_COLUMNS_BY_MASK
  if (at.starts != 0) {
    ParseMasked(p, at.starts, at.ends, ticks);
    return;
  }
#endif
  const char* line_end = nullptr;
  ColumnsByByte(p, text.data() + text.size(), ticks, &line_end);
}

// ParseCpuColumns on a line's values (without its '\n').
size_t ParseCpuValues(std::string_view values, CpuTicks* ticks) {
  const char* line_end = nullptr;
  const char* const end = values.data() + values.size();
  const size_t count = ParseCpuColumns(values.data(), end, ticks, &line_end);
  return line_end == end ? count : 0;
}

}  // namespace proc_stat_internal
}  // namespace procview
