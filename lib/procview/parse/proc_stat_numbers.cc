// proc_stat_numbers.cc: the checks of " N N..." and the key scan (see
// proc_stat_numbers.h).
#include "lib/procview/parse/proc_stat_numbers.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lib/procview/parse/decimal.h"

namespace procview {

namespace {

// The number of leading bytes at `p` that match " 0 0 0 0", looking at 8
// bytes when that many are left, else answering 0.
size_t MatchingZeroPairs(const char* p, const char* end) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    const uint64_t differ = word ^ 0x3020302030203020ULL;  // " 0 0 0 0"
    return differ == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(differ)) / 8;
  }
#endif
  return 0;
}

// LooksCanonicalStatNumbers one number at a time: for short text (and
// where SSE2 is missing).
bool LooksCanonicalByNumber(std::string_view values) {
  const char* p = values.data();
  const char* const end = p + values.size();
  if (p == end) return false;
  while (p != end) {
    // Whole " 0" pairs: an even number of matching bytes. A pair's 0 ends
    // its number only if a blank (or the end) follows, which the next step
    // checks.
    const size_t matched = MatchingZeroPairs(p, end) & ~size_t{1};
    if (matched != 0) {
      p += matched;
      continue;
    }
    if (*p != ' ') return false;
    const char* const start = ++p;
    while (p != end && static_cast<unsigned char>(*p - '0') <= 9) ++p;
    const size_t digits = static_cast<size_t>(p - start);
    // 19 digits always fit 64 bits; 20 may not (left to CheckStatNumbers).
    if (digits == 0 || digits >= 20 || (*start == '0' && digits > 1)) return false;
    if (p != end && *p != ' ') return false;
  }
  return true;
}

#if defined(__SSE2__)
constexpr size_t kChunk = 16;

// Bit i of each mask describes byte i of a chunk.
struct ChunkMasks {
  uint32_t space;
  uint32_t digit;
  uint32_t zero;
};

ChunkMasks Classify(__m128i x) {
  const __m128i from_zero = _mm_sub_epi8(x, _mm_set1_epi8('0'));
  const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
  return {static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')))),
          static_cast<uint32_t>(_mm_movemask_epi8(digit)),
          static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('0'))))};
}

// The spelling of " N N..." checked chunk by chunk on bit masks, with what
// the bytes before a chunk were carried over: no byte other than a space or
// a digit, no two spaces in a row, no "0" starting a longer number, digit
// runs under 20. Chunks of " 0 0..." (most of the intr line) take a single
// comparison.
class Spelling {
 public:
  static constexpr size_t kBlock = 4 * kChunk;

  // The 16 bytes at `p`. False on a break.
  bool TakeChunk(const char* p) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // 16-bit lanes, little-endian: 0x3020 is " 0", 0x2030 "0 ".
    zero_pairs_ = 0;
    if (Repeats(x, 0x3020)) {
      if (space_before_ & 0b10) return false;  // "  "
      space_before_ = 0b01;                    // the last two bytes: ' ' then '0'
      zero_before_ = true;
      run_ = 1;
      zero_pairs_ = 0x3020;
      return true;
    }
    if (Repeats(x, 0x2030)) {
      // Its first '0' ends the number before (or is one): no "00" after a
      // space, no run of 20.
      if ((zero_before_ && (space_before_ & 0b01)) || run_ + 1 >= 20) return false;
      space_before_ = 0b10;  // '0' then ' '
      zero_before_ = false;
      run_ = 0;
      zero_pairs_ = 0x2030;
      return true;
    }
    return Take(Classify(x), static_cast<unsigned>(kChunk));
  }

  // The 64 bytes at `p` when they go on with the zeros of the last chunk
  // (which leaves every carried state as it is); false, taking nothing,
  // otherwise. Most of the intr line is such runs: four chunks per step.
  bool TakeZeroBlock(const char* p) {
    if (zero_pairs_ == 0) return false;
    const __m128i pairs = _mm_set1_epi16(static_cast<int16_t>(zero_pairs_));
    const __m128i* const q = reinterpret_cast<const __m128i*>(p);
    const __m128i low = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(q), pairs),
                                      _mm_cmpeq_epi8(_mm_loadu_si128(q + 1), pairs));
    const __m128i high = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(q + 2), pairs),
                                       _mm_cmpeq_epi8(_mm_loadu_si128(q + 3), pairs));
    return _mm_movemask_epi8(_mm_and_si128(low, high)) == 0xFFFF;
  }

  // The next `n` (1..16) bytes, described by bits 0..n-1 of `m` (the other
  // bits 0). False on a break.
  bool Take(ChunkMasks m, unsigned n) {
    const uint32_t valid = (1u << n) - 1;
    // Bit i: byte i-1 (i-2) is a space / a zero, reaching into the bytes before.
    const uint32_t space1 = (m.space << 1) | (space_before_ >> 1);
    const uint32_t space2 = (m.space << 2) | space_before_;
    const uint32_t zero1 = (m.zero << 1) | (zero_before_ ? 1 : 0);
    const uint32_t breaks = ~(m.space | m.digit) | (m.space & space1) | (m.digit & zero1 & space2);
    if ((breaks & valid) != 0 || !TakeRuns(m.digit, n)) return false;
    space_before_ = (space2 >> n) & 0b11;
    zero_before_ = ((zero1 >> n) & 1) != 0;
    return true;
  }

 private:
  // False once a digit run reaches 20 (which may not fit 64 bits).
  bool TakeRuns(uint32_t digits, unsigned n) {
    const uint32_t not_digit = ~digits & ((1u << n) - 1);
    if (not_digit == 0) {
      run_ += n;
      return run_ < 20;
    }
    if (run_ + static_cast<unsigned>(__builtin_ctz(not_digit)) >= 20) return false;
    run_ = n - 1 - static_cast<unsigned>(31 - __builtin_clz(not_digit));
    return true;
  }

  // True when the 16 bytes of `x` repeat the 16-bit `pair`.
  static bool Repeats(__m128i x, uint16_t pair) {
    return _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi16(static_cast<int16_t>(pair)))) ==
           0xFFFF;
  }

  // The pair the last chunk repeated (" 0" or "0 "), 0 when not zeros.
  uint16_t zero_pairs_ = 0;
  // Bit 1: the byte before is a space; bit 0: the one before that (as if
  // they were bits -1 and -2 of a chunk's mask).
  uint32_t space_before_ = 0;
  bool zero_before_ = false;   // the byte before is '0'
  unsigned run_ = 0;           // digits at the end of the bytes so far
};

// LooksCanonicalStatNumbers for text of at least 16 bytes.
bool LooksCanonicalByChunk(std::string_view values) {
  if (values[0] != ' ' || static_cast<unsigned char>(values.back() - '0') > 9) return false;
  const char* p = values.data();
  const char* const end = p + values.size();
  Spelling spelling;
  for (; static_cast<size_t>(end - p) > kChunk; p += kChunk) {
    if (!spelling.TakeChunk(p)) return false;
    // Blocks that leave at least one byte for the last step below.
    while (static_cast<size_t>(end - p) > kChunk + Spelling::kBlock &&
           spelling.TakeZeroBlock(p + kChunk)) {
      p += Spelling::kBlock;
    }
  }
  // The last 1..16 bytes, from a chunk that ends at `end`.
  const size_t rest = static_cast<size_t>(end - p);
  ChunkMasks m = Classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(end - kChunk)));
  m.space >>= kChunk - rest;
  m.digit >>= kChunk - rest;
  m.zero >>= kChunk - rest;
  return spelling.Take(m, static_cast<unsigned>(rest));
}
#endif

}  // namespace

const char* FindBlank(const char* p, const char* const end) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    word ^= 0x2020202020202020ULL;  // blanks become zero bytes
    const uint64_t blanks = ~(((word & kLow7) + kLow7) | word | kLow7);  // exact, no borrow
    if (blanks != 0) return p + __builtin_ctzll(blanks) / 8;
  }
#endif
  while (p != end && *p != ' ') ++p;
  return p;
}

bool LooksCanonicalStatNumbers(std::string_view values) {
#if defined(__SSE2__)
  if (values.size() >= kChunk) return LooksCanonicalByChunk(values);
#endif
  return LooksCanonicalByNumber(values);
}

bool CheckStatNumbers(std::string_view values, bool* canonical) {
  if (LooksCanonicalStatNumbers(values)) {
    *canonical = true;
    return true;
  }
  const char* p = values.data();
  const char* const end = p + values.size();
  bool canon = true;
  size_t count = 0;
  while (p != end) {
    const char* const gap = p;
    while (p != end && *p == ' ') ++p;
    if (p == end) {
      canon = false;  // trailing blanks
      break;
    }
    if (p != gap + 1) canon = false;
    const char* const start = p;
    while (p != end && static_cast<unsigned char>(*p - '0') <= 9) ++p;
    if (p == start || (p != end && *p != ' ')) return false;
    const size_t digits = static_cast<size_t>(p - start);
    uint64_t ignored = 0;  // fewer than 20 digits always fit
    if (digits >= 20 && !ParseDecimal(std::string_view(start, digits), &ignored)) return false;
    if (*start == '0' && digits > 1) canon = false;
    ++count;
  }
  *canonical = canon;
  return count > 0;
}

}  // namespace procview
