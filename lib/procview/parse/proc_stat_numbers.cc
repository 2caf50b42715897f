// proc_stat_numbers.cc: the checks of " N N..." (see proc_stat_numbers.h).
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

// Bytes per step: two SSE2 registers, so the bookkeeping per step (masks,
// digit runs) is shared by 32 bytes.
constexpr size_t kChunk = 32;

// One bit per byte of a chunk (bit i = byte i).
struct ChunkMasks {
  uint64_t space = 0;
  uint64_t digit = 0;
  uint64_t zero = 0;  // '0'
};

// Masks of the 16 bytes at `p`, shifted to bit `shift`.
void Classify16(const char* p, unsigned shift, ChunkMasks* m) {
#if defined(__SSE2__)
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i from_zero = _mm_sub_epi8(x, _mm_set1_epi8('0'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
  const auto bits = [shift](__m128i v) {
    return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v))) << shift;
  };
  m->space |= bits(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
  m->digit |= bits(is_digit);
  m->zero |= bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('0')));
#else
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    m->space |= static_cast<uint64_t>(c == ' ') << (shift + i);
    m->digit |= static_cast<uint64_t>(c - '0' <= 9) << (shift + i);
    m->zero |= static_cast<uint64_t>(c == '0') << (shift + i);
  }
#endif
}

ChunkMasks Classify(const char* p) {
  ChunkMasks m;
  Classify16(p, 0, &m);
  Classify16(p + 16, 16, &m);
  return m;
}

// Whether `bits` has 20 set bits in a row: bit i of `r` below says bits
// i..i+k-1 are all set, for k = 2, 4, 8, 16, then 20.
bool HasRunOf20(uint64_t bits) {
  uint64_t r = bits & (bits >> 1);
  r &= r >> 2;
  r &= r >> 4;
  r &= r >> 8;
  return (r & (r >> 4)) != 0;
}

// Walks the chunks of a values text, carrying what the patterns that cross
// a chunk boundary need from the chunk before.
class CanonicalScan {
 public:
  // Takes the first `n` bytes' masks (1 <= n <= 32); false when they break
  // the spelling or the digit runs get too long to be certain.
  bool Take(const ChunkMasks& m, size_t n) {
    const uint64_t all = (uint64_t{1} << n) - 1;
    if ((m.space | m.digit) != all) return false;  // another character
    // Bit i + 2 (i + 1) is byte i; bits 0 and 1 (0) the chunk before's last.
    const uint64_t space_hist = (m.space << 2) | space_last2_;
    const uint64_t zero_hist = (m.zero << 1) | zero_last_;
    const uint64_t double_space = m.space & (space_hist >> 1);  // "  "
    const uint64_t leading_zero = space_hist & zero_hist & m.digit;  // " 0N"
    if ((double_space | leading_zero) != 0) return false;
    if (HasRunOf20(m.digit)) return false;
    const uint64_t not_digit = ~m.digit & all;
    if (not_digit == 0) {
      run_ += n;
      if (run_ >= 20) return false;
    } else {
      if (run_ + static_cast<size_t>(__builtin_ctzll(not_digit)) >= 20) return false;
      run_ = n - 1 - static_cast<size_t>(63 - __builtin_clzll(not_digit));
    }
    space_last2_ = (space_hist >> n) & 3;
    zero_last_ = (zero_hist >> n) & 1;
    return true;
  }

 private:
  uint64_t space_last2_ = 0;  // which of the last two bytes were spaces
  uint64_t zero_last_ = 0;    // the last byte was '0'
  size_t run_ = 0;            // digits at the end so far
};

// Masks of the last `n` (< 32) bytes before `end`, from a chunk that ends
// there (the text has at least 32 bytes).
ChunkMasks TailMasks(const char* end, size_t n) {
  ChunkMasks m = Classify(end - kChunk);
  const unsigned drop = static_cast<unsigned>(kChunk - n);
  m.space >>= drop;
  m.digit >>= drop;
  m.zero >>= drop;
  return m;
}

}  // namespace

bool LooksCanonicalStatNumbers(std::string_view values) {
  if (values.size() < kChunk || values.front() != ' ' ||
      static_cast<unsigned char>(values.back() - '0') > 9) {
    return false;
  }
  CanonicalScan scan;
  const char* p = values.data();
  const char* const end = p + values.size();
  for (; end - p >= static_cast<ptrdiff_t>(kChunk); p += kChunk) {
    if (!scan.Take(Classify(p), kChunk)) return false;
  }
  const size_t rest = static_cast<size_t>(end - p);
  return rest == 0 || scan.Take(TailMasks(end, rest), rest);
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
