// word_bits.h: bit tricks over text bytes shared by the parsers and the file
// reads: 8 bytes per 64-bit word, and (with SSE2) one mask bit per byte of
// 16-byte loads. Without -mpopcnt __builtin_popcountll is a library call,
// hence the counts by multiplication.
#ifndef PROCVIEW_PARSE_WORD_BITS_H_
#define PROCVIEW_PARSE_WORD_BITS_H_

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace procview {
namespace word_bits {

// 0x80 in each byte of `word` that is zero (exact: no borrow between bytes).
inline uint64_t ZeroBytes(uint64_t word) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// Byte i of the result is the number of set bits in bytes 0..i of `bits`
// (the top byte: all of them), summed in place.
inline uint64_t RunningBitCounts(uint64_t bits) {
  bits -= (bits >> 1) & 0x5555555555555555ULL;
  bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
  bits = (bits + (bits >> 4)) & 0x0f0f0f0f0f0f0f0fULL;  // each byte's count
  return bits * 0x0101010101010101ULL;  // at most 64: no byte overflows
}

// The number of set bits.
inline size_t BitCount(uint64_t bits) { return static_cast<size_t>(RunningBitCounts(bits) >> 56); }

#if defined(__SSE2__)
inline __m128i LoadChunk(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// One bit per byte of the comparison `eq`, moved to bit `off` on.
inline uint64_t MaskBits(__m128i eq, size_t off) {
  return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(eq))) << off;
}
#endif

}  // namespace word_bits
}  // namespace procview

#endif  // PROCVIEW_PARSE_WORD_BITS_H_
