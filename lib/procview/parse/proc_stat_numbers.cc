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

constexpr size_t kChunk = 16;

// One bit per byte of a 16-byte chunk (bit i = byte i).
struct ChunkMasks {
  uint32_t space = 0;
  uint32_t digit = 0;
  uint32_t zero = 0;  // '0'
};

ChunkMasks Classify(const char* p) {
  ChunkMasks m;
#if defined(__SSE2__)
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i from_zero = _mm_sub_epi8(x, _mm_set1_epi8('0'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
  m.space = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' '))));
  m.digit = static_cast<uint32_t>(_mm_movemask_epi8(is_digit));
  m.zero = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('0'))));
#else
  for (size_t i = 0; i < kChunk; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    m.space |= static_cast<uint32_t>(c == ' ') << i;
    m.digit |= static_cast<uint32_t>(c - '0' <= 9) << i;
    m.zero |= static_cast<uint32_t>(c == '0') << i;
  }
#endif
  return m;
}

// Walks the chunks of a values text, carrying what the patterns that cross
// a chunk boundary need from the chunk before.
class CanonicalScan {
 public:
  // Takes the first `n` bytes' masks (n <= 16); false when they break the
  // spelling or the digit runs get too long to be certain.
  bool Take(const ChunkMasks& m, size_t n) {
    const uint32_t all = (1u << n) - 1;
    if ((m.space | m.digit) != all) return false;  // another character
    // Bit i + 2 (i + 1) is byte i; bits 0 and 1 (0) the chunk before's last.
    const uint32_t space_hist = (m.space << 2) | space_last2_;
    const uint32_t zero_hist = (m.zero << 1) | zero_last_;
    if ((m.space & (space_hist >> 1)) != 0) return false;         // "  "
    if ((space_hist & zero_hist & m.digit) != 0) return false;  // " 0N"
    const uint32_t not_digit = ~m.digit & all;
    if (not_digit == 0) {
      run_ += n;
      if (run_ >= 20) return false;
    } else {
      if (run_ + static_cast<size_t>(__builtin_ctz(not_digit)) >= 20) return false;
      run_ = n - 1 - static_cast<size_t>(31 - __builtin_clz(not_digit));
    }
    space_last2_ = (space_hist >> n) & 3;
    zero_last_ = (zero_hist >> n) & 1;
    return true;
  }

 private:
  uint32_t space_last2_ = 0;  // which of the last two bytes were spaces
  uint32_t zero_last_ = 0;    // the last byte was '0'
  size_t run_ = 0;            // digits at the end so far
};

// Masks of the last `n` (< 16) bytes before `end`, from a chunk that ends
// there (the text has at least 16 bytes).
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
