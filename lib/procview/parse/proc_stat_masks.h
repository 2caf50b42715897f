// proc_stat_masks.h: bit masks of /proc/stat bytes, 16 per SSE2 step
// (internal to the /proc/stat parser): bit i of a mask says whether byte i
// is a space, a digit, a '0'. The number checks of the other lines and the
// cpu lines' columns are read from these instead of byte by byte.
#ifndef PROCVIEW_PARSE_PROC_STAT_MASKS_H_
#define PROCVIEW_PARSE_PROC_STAT_MASKS_H_

#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/word_bits.h"

namespace procview {
namespace proc_stat_internal {

// True when some run of set bits in `bits` is 20 long: bit i stays set
// while bits i..i+k-1 all are, k doubling up to 16, then 20.
inline bool HasRunOf20(uint64_t bits) {
  bits &= bits >> 1;
  bits &= bits >> 2;
  bits &= bits >> 4;
  bits &= bits >> 8;
  bits &= bits >> 4;
  return bits != 0;
}

#if defined(__SSE2__)
constexpr size_t kChunk = 16;
constexpr size_t kBlock = 64;

// The bytes of `x` that are ASCII digits (0xFF each).
inline __m128i DigitBytes(__m128i x) {
  const __m128i from_zero = _mm_sub_epi8(x, _mm_set1_epi8('0'));
  return _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
}

using word_bits::LoadChunk;
using word_bits::MaskBits;

// The spaces and digits of the 64 bytes at `p`.
struct SpaceDigitMasks {
  uint64_t space = 0;
  uint64_t digit = 0;
};
inline SpaceDigitMasks SpacesAndDigits(const char* p) {
  SpaceDigitMasks m;
#pragma GCC unroll 4
  for (size_t at = 0; at < kBlock; at += kChunk) {
    const __m128i x = LoadChunk(p + at);
    m.space |= MaskBits(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), at);
    m.digit |= MaskBits(DigitBytes(x), at);
  }
  return m;
}
#endif

}  // namespace proc_stat_internal
}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_STAT_MASKS_H_
