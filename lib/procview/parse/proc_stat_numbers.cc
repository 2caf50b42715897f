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

// The number of leading bytes at `p` that match " 0 0 0...", looking at 16
// (or 8) bytes when that many are left, else answering 0. Most numbers of
// the intr line (hundreds of interrupts never raised) are 0: their runs are
// passed over a chunk at a time.
size_t MatchingZeroPairs(const char* p, const char* end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i zeros = _mm_set1_epi16(0x3020);
    const uint32_t match = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, zeros)));
    return static_cast<size_t>(__builtin_ctz(~match));  // bit 16 is always clear
  }
#endif
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

}  // namespace

bool LooksCanonicalStatNumbers(std::string_view values) {
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
