// proc_stat_numbers.cc: the checks of " N N..." and the key scan (see
// proc_stat_numbers.h).
#include "lib/procview/parse/proc_stat_numbers.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/proc_stat_masks.h"

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
using proc_stat_internal::DigitBytes;
using proc_stat_internal::HasRunOf20;
using proc_stat_internal::kBlock;
using proc_stat_internal::kChunk;
using proc_stat_internal::LoadChunk;
using proc_stat_internal::MaskBits;

// Bit i of each mask describes byte i of up to 64 bytes.
struct BlockMasks {
  uint64_t space;
  uint64_t digit;
  uint64_t zero;
};

// The masks of the `n` (16..64) bytes at `p`: whole chunks, the last one
// ending at p + n (overlapping bytes give the same bits), bits >= n clear.
inline __attribute__((always_inline)) BlockMasks Classify(const char* p, size_t n) {
  BlockMasks m = {0, 0, 0};
#pragma GCC unroll 4
  for (size_t at = 0; at < n; at += kChunk) {
    const size_t off = at + kChunk <= n ? at : n - kChunk;
    const __m128i x = LoadChunk(p + off);
    m.space |= MaskBits(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), off);
    m.digit |= MaskBits(DigitBytes(x), off);
    m.zero |= MaskBits(_mm_cmpeq_epi8(x, _mm_set1_epi8('0')), off);
  }
  return m;
}

// True when the 64 bytes at `p` repeat the 16-bit `pair`.
bool RepeatsPair(const char* p, uint16_t pair) {
  const __m128i pairs = _mm_set1_epi16(static_cast<int16_t>(pair));
  const __m128i* const q = reinterpret_cast<const __m128i*>(p);
  const __m128i low = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(q), pairs),
                                    _mm_cmpeq_epi8(_mm_loadu_si128(q + 1), pairs));
  const __m128i high = _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(q + 2), pairs),
                                     _mm_cmpeq_epi8(_mm_loadu_si128(q + 3), pairs));
  return _mm_movemask_epi8(_mm_and_si128(low, high)) == 0xFFFF;
}

// The spelling of " N N..." checked 64 bytes at a time on bit masks: no
// byte other than a space or a digit, no two spaces in a row, no "0"
// starting a longer number, digit runs under 20. Only the masks' last bits
// and the last space's position are carried from block to block.
class Spelling {
 public:
  // The next `n` (16..64) bytes at `p`, at offset `at` of the text. False
  // on a break.
  bool Take(const char* p, size_t at, size_t n) {
    zero_pair_ = 0;
    if (n != kBlock) return TakeMasks(Classify(p, n), at, n);
    return TakeZeros(p, at) || TakeMasks(Classify(p, kBlock), at, kBlock);
  }

  // Passes over the whole blocks from offset `at` of the `size` bytes at
  // `text` that repeat the zeros of the last block, which leaves every
  // carried state as it is but the last space's offset. The offset after.
  size_t SkipZeros(const char* text, size_t at, size_t size) {
    if (zero_pair_ == 0) return at;
    const size_t start = at;
    while (size - at >= kBlock && RepeatsPair(text + at, zero_pair_)) at += kBlock;
    last_space_ += at - start;
    return at;
  }

  // The last `n` (1..15) bytes of the text, at offset `at`, which ends at
  // `end` (with at least 16 bytes before it).
  bool TakeTail(const char* end, size_t at, size_t n) {
    BlockMasks m = Classify(end - kChunk, kChunk);
    m.space >>= kChunk - n;
    m.digit >>= kChunk - n;
    m.zero >>= kChunk - n;
    return TakeMasks(m, at, n);
  }

  // The digits after the last space, up to offset `end`, are fewer than 20.
  bool EndsWell(size_t end) const { return RunFits(end); }

 private:
  // The `n` bytes at offset `at` described by `m` (bits >= n clear).
  bool TakeMasks(const BlockMasks& m, size_t at, size_t n) {
    const uint64_t valid = n == kBlock ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    // Bit i: byte i-1 (i-2) is a space / a zero, reaching into the bytes before.
    const uint64_t space1 = (m.space << 1) | (last_.space >> 63);
    const uint64_t space2 = (m.space << 2) | (last_.space >> 62);
    const uint64_t zero1 = (m.zero << 1) | (last_.zero >> 63);
    const uint64_t breaks = ~(m.space | m.digit) | (m.space & space1) | (m.digit & zero1 & space2);
    if ((breaks & valid) != 0 || HasRunOf20(m.digit)) return false;
    // The run that crosses into these bytes (inner runs are seen above).
    if (m.space != 0) {
      if (!RunFits(at + static_cast<size_t>(__builtin_ctzll(m.space)))) return false;
      last_space_ = at + 63 - static_cast<size_t>(__builtin_clzll(m.space));
    }
    last_ = m;
    return true;
  }

  // The 64 bytes at offset `at` when they are " 0 0..." going on with the
  // parity of the last space (most of the intr line): only the state moves
  // on, after the checks at the block's start.
  bool TakeZeros(const char* p, size_t at) {
    const bool odd = (last_space_ & 1) != 0;  // spaces at odd offsets ("0 0 ...")
    const uint16_t pair = odd ? 0x2030 : 0x3020;  // little-endian "0 " / " 0"
    if (!RepeatsPair(p, pair)) return false;
    if (odd) {
      // "0" right after " 0": a leading zero.
      if ((last_.zero >> 63) != 0 && ((last_.space >> 62) & 1) != 0) return false;
    } else if ((last_.space >> 63) != 0) {
      return false;  // two spaces
    }
    if (!RunFits(at + (odd ? 1 : 0))) return false;
    constexpr uint64_t kEven = 0x5555555555555555ULL;
    const uint64_t space = odd ? ~kEven : kEven;
    last_ = {space, ~space, ~space};
    last_space_ = at + (odd ? 63 : 62);
    zero_pair_ = pair;
    return true;
  }

  // The digits between the last space and the one at `space` (or the end)
  // are fewer than 20.
  bool RunFits(size_t space) const { return space - last_space_ <= 20; }

  BlockMasks last_ = {0, 0, 0};  // of the bytes before
  size_t last_space_ = 0;        // offset of the last space so far
  uint16_t zero_pair_ = 0;       // the pair the last block repeated, or 0
};

// LooksCanonicalStatNumbers for text of at least 16 bytes.
bool LooksCanonicalByChunk(std::string_view values) {
  if (values[0] != ' ' || static_cast<unsigned char>(values.back() - '0') > 9) return false;
  const char* const p = values.data();
  const size_t size = values.size();
  Spelling spelling;
  size_t at = 0;
  while (size - at >= kBlock) {
    if (!spelling.Take(p + at, at, kBlock)) return false;
    at = spelling.SkipZeros(p, at + kBlock, size);
  }
  // The last 0..63 bytes, read as whole chunks ending at the text's end.
  const size_t rest = size - at;
  if (rest >= kChunk) {
    if (!spelling.Take(p + at, at, rest)) return false;
  } else if (rest != 0 && !spelling.TakeTail(p + size, at, rest)) {
    return false;
  }
  return spelling.EndsWell(size);
}
#endif

}  // namespace

const char* FindBlank(const char* p, const char* const end) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; end - p >= 8; p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    const uint64_t blanks = word_bits::ZeroBytes(word ^ 0x2020202020202020ULL);
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
