// proc_stat_numbers.cc: the checks of " N N..." (see proc_stat_numbers.h).
#include "lib/procview/parse/proc_stat_numbers.h"

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lib/procview/parse/decimal.h"

namespace procview {

#if defined(__SSE2__)
namespace {

constexpr size_t kChunk = 16;

// The spelling breaks that need no state, for the 16 bytes at `p` (with the
// two bytes before it readable), ORed into `*breaks`: a byte that is neither
// a space nor a digit, "  ", or " 0" before a digit. Returns the bytes that
// are digits, bit i for byte i.
inline uint32_t Classify(const char* p, __m128i* breaks) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 1));
  const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 2));
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i from_zero = _mm_sub_epi8(x, zero);
  const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
  const __m128i is_space = _mm_cmpeq_epi8(x, space);
  const __m128i other = _mm_andnot_si128(_mm_or_si128(is_space, digit), _mm_set1_epi8(-1));
  const __m128i two_spaces = _mm_and_si128(is_space, _mm_cmpeq_epi8(x1, space));
  const __m128i leading_zero =
      _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(x2, space), _mm_cmpeq_epi8(x1, zero)), digit);
  *breaks = _mm_or_si128(*breaks, _mm_or_si128(other, _mm_or_si128(two_spaces, leading_zero)));
  return static_cast<uint32_t>(_mm_movemask_epi8(digit));
}

// Tracks the digit run at the end of the bytes seen so far: false once a
// run reaches 20 digits (which may not fit 64 bits).
class DigitRuns {
 public:
  // The next `n` (1..16) bytes' digit bits.
  bool Take(uint32_t digits, size_t n) {
    const uint32_t not_digit = ~digits & ((1u << n) - 1);
    if (not_digit == 0) {
      run_ += n;
      return run_ < 20;
    }
    if (run_ + static_cast<size_t>(__builtin_ctz(not_digit)) >= 20) return false;
    run_ = n - 1 - static_cast<size_t>(31 - __builtin_clz(not_digit));
    return true;
  }

 private:
  size_t run_ = 0;
};

}  // namespace

bool LooksCanonicalStatNumbers(std::string_view values) {
  // Bytes 0 and 1 are " N"; the chunks start at byte 2, so the two bytes
  // before each are readable.
  if (values.size() < kChunk + 2 || values[0] != ' ' ||
      static_cast<unsigned char>(values[1] - '0') > 9 ||
      static_cast<unsigned char>(values.back() - '0') > 9) {
    return false;
  }
  const char* p = values.data() + 2;
  const char* const end = values.data() + values.size();
  DigitRuns runs;
  runs.Take(1, 1);  // byte 1
  __m128i breaks = _mm_setzero_si128();
  while (true) {
    const size_t rest = static_cast<size_t>(end - p);
    if (rest <= kChunk) {  // the last bytes, in a chunk that ends at `end`
      const uint32_t digits = Classify(end - kChunk, &breaks) >> (kChunk - rest);
      if (!runs.Take(digits, rest)) return false;
      break;
    }
    if (!runs.Take(Classify(p, &breaks), kChunk)) return false;
    p += kChunk;
  }
  return _mm_movemask_epi8(breaks) == 0;
}
#else
// Elsewhere CheckStatNumbers' byte loop decides alone.
bool LooksCanonicalStatNumbers(std::string_view) { return false; }
#endif

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
