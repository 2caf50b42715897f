// proc_pid.cc: parsers of /proc/PID/stat and /proc/PID/status text.
#include "lib/procview/parse/proc_pid.h"

#include <string.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/word_bits.h"

namespace procview {
namespace {

// Debian's abseil has its own string_view type.
absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }

bool IsBlank(char c) { return c == ' ' || c == '\n'; }

using word_bits::RunningBitCounts;
using word_bits::ZeroBytes;

// 0x80 in each of the 8 bytes at `p` that is blank.
uint64_t BlankBytes(const char* p) {
  uint64_t word;
  memcpy(&word, p, sizeof(word));
  return ZeroBytes(word ^ 0x2020202020202020ULL) | ZeroBytes(word ^ 0x0a0a0a0a0a0a0a0aULL);
}

// The position of the set bit of `bits` that has `k` set bits below it,
// `counts` being RunningBitCounts(bits) (k < its top byte). The byte that
// holds it is the first whose running count exceeds k: a byte's high bit
// stays set after subtracting k + 1 from (count | 0x80) exactly when count
// > k, with no borrow between bytes (count <= 64).
int NthSetBit(uint64_t bits, uint64_t counts, size_t k) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t above = ((counts | kHigh) - (k + 1) * 0x0101010101010101ULL) & kHigh;
  const int byte = __builtin_ctzll(above) / 8;
  const size_t before = byte == 0 ? 0 : (counts >> (8 * byte - 8)) & 0xff;
  uint64_t in_byte = (bits >> (8 * byte)) & 0xff;
  for (size_t drop = k - before; drop > 0; --drop) in_byte &= in_byte - 1;
  return 8 * byte + __builtin_ctzll(in_byte);
}

#if defined(__SSE2__)
// Bit i set when byte i of the 64 at `p` is blank.
uint64_t BlankBits(const char* p) {
  uint64_t bits = 0;
#pragma GCC unroll 4
  for (size_t at = 0; at < 64; at += 16) {
    const __m128i x = word_bits::LoadChunk(p + at);
    const __m128i blank =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
    bits |= word_bits::MaskBits(blank, at);
  }
  return bits;
}
#endif

// Field `index` of the text [p, end) (0 is the first field starting there),
// or an empty view when it has fewer fields. `before` is 0x80 when the byte
// before `p` is blank. A field is a run of bytes other than ' ' and '\n'.
// loadavg and /proc/stat read /proc/PID/stat for every task of a container,
// uptime and stat the init's: field starts (a non-blank byte after a blank)
// are counted 64 bytes at a time (SSE2 masks), then 8 (little-endian
// words), the last few bytes one at a time.
std::string_view FieldFrom(const char* p, const char* const end, uint64_t before, size_t index) {
  size_t to_skip = index;  // field starts to pass before the wanted one
  const char* start = nullptr;
#if defined(__SSE2__)
  while (end - p >= 64) {
    const uint64_t blank = BlankBits(p);
    const uint64_t starts = ~blank & ((blank << 1) | (before >> 7));
    const uint64_t counts = RunningBitCounts(starts);
    const size_t n = counts >> 56;
    if (n <= to_skip) {
      to_skip -= n;
      before = (blank >> 63) << 7;
      p += 64;
      continue;
    }
    const int at = NthSetBit(starts, counts, to_skip);
    start = p + at;
    // The field ends at the next blank of this block (bit `at` is clear).
    if (const uint64_t blanks_after = blank >> at; blanks_after != 0) {
      return std::string_view(start, static_cast<size_t>(__builtin_ctzll(blanks_after)));
    }
    break;
  }
#endif
  while (start == nullptr && end - p >= 8) {
    const uint64_t blank = BlankBytes(p);
    uint64_t starts = ~blank & ((blank << 8) | before) & 0x8080808080808080ULL;
    before = blank >> 56;
    // One bit per byte: summed by a multiplication.
    const size_t n = static_cast<size_t>(((starts >> 7) * 0x0101010101010101ULL) >> 56);
    if (n <= to_skip) {
      to_skip -= n;
      p += 8;
      continue;
    }
    for (; to_skip > 0; --to_skip) starts &= starts - 1;  // drop the starts to pass
    start = p + __builtin_ctzll(starts) / 8;
  }
  for (bool blank_before = before != 0; start == nullptr && p != end; ++p) {
    if (IsBlank(*p)) {
      blank_before = true;
    } else if (blank_before) {
      blank_before = false;
      if (to_skip-- == 0) start = p;
    }
  }
  if (start == nullptr) return std::string_view();
  // Its end: the first blank, 8 bytes a step while 8 are left.
  const char* field_end = start;
  for (; end - field_end >= 8; field_end += 8) {
    if (const uint64_t blank = BlankBytes(field_end); blank != 0) {
      return std::string_view(start, static_cast<size_t>(field_end - start) +
                                         static_cast<size_t>(__builtin_ctzll(blank) / 8));
    }
  }
  while (field_end != end && !IsBlank(*field_end)) ++field_end;
  return std::string_view(start, static_cast<size_t>(field_end - start));
}

// Where the fields after the command name start: after the last ')', since
// the command name (field 2) may hold spaces and ')'. Null when there is none.
const char* AfterCommand(std::string_view text) {
  const void* close = memrchr(text.data(), ')', text.size());
  return close == nullptr ? nullptr : static_cast<const char*>(close) + 1;
}

// Field 3 (the state) of the text [p, end) after the command name: the
// byte after ") " as the kernel writes it, else as FieldFrom finds it.
std::string_view StateField(const char* p, const char* end) {
  if (end - p >= 3 && p[0] == ' ' && !IsBlank(p[1]) && IsBlank(p[2])) {
    return std::string_view(p + 1, 1);
  }
  return FieldFrom(p, end, 0x80, 0);
}

// Field `index` after the command name (0 is field 3, the state), or an
// empty view when the text has fewer fields (')' counts as a blank).
absl::StatusOr<std::string_view> FieldAfterCommand(std::string_view text, size_t index) {
  const char* const p = AfterCommand(text);
  if (p == nullptr) return absl::InvalidArgumentError("stat: no ')' after the command name");
  return FieldFrom(p, text.data() + text.size(), 0x80, index);
}

constexpr size_t kStartTimeIndex = 22 - 3;  // field 22 after the command name

}  // namespace

absl::StatusOr<char> ProcessState(std::string_view stat_text) {
  const char* const p = AfterCommand(stat_text);
  if (p == nullptr) return absl::InvalidArgumentError("stat: no ')' after the command name");
  const std::string_view state = StateField(p, stat_text.data() + stat_text.size());
  if (state.size() != 1) return absl::InvalidArgumentError("stat: no state (field 3)");
  return state[0];
}

absl::StatusOr<uint64_t> StartTimeTicks(std::string_view stat_text) {
  absl::StatusOr<std::string_view> start = FieldAfterCommand(stat_text, kStartTimeIndex);
  if (!start.ok()) return start.status();
  uint64_t ticks = 0;
  if (!ParseDecimal(*start, &ticks)) {
    return absl::InvalidArgumentError("stat: no start time (field 22)");
  }
  return ticks;
}

TaskStatFields ParseTaskStat(std::string_view stat_text) {
  TaskStatFields out;
  const char* const p = AfterCommand(stat_text);
  if (p == nullptr) return out;
  const char* const end = stat_text.data() + stat_text.size();
  const std::string_view state = StateField(p, end);
  if (state.empty()) return out;
  if (state.size() == 1) out.state = state[0];
  // The state ends at a blank (or the end): field 4 is the first start after it.
  const std::string_view start = FieldFrom(state.data() + state.size(), end, 0x80,
                                           kStartTimeIndex - 1);
  uint64_t ticks = 0;
  if (ParseDecimal(start, &ticks)) out.start_ticks = ticks;
  return out;
}

absl::StatusOr<pid_t> InnermostNsPid(std::string_view status_text) {
  for (absl::string_view line : absl::StrSplit(ToAbsl(status_text), '\n')) {
    if (!absl::ConsumePrefix(&line, "NSpid:")) continue;
    const std::vector<absl::string_view> pids =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int32_t pid = 0;
    if (pids.empty() || !absl::SimpleAtoi(pids.back(), &pid) || pid <= 0) {
      return absl::InvalidArgumentError("status: malformed NSpid line");
    }
    return static_cast<pid_t>(pid);
  }
  return absl::InvalidArgumentError("status: no NSpid line");
}

}  // namespace procview
