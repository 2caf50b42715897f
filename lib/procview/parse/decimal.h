// decimal.h: the unsigned decimal number checks the parsers share.
#ifndef PROCVIEW_PARSE_DECIMAL_H_
#define PROCVIEW_PARSE_DECIMAL_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace procview {

// Parses `s` as an unsigned decimal: one or more ASCII digits and nothing
// else (no sign, no blanks), fitting in 64 bits. False otherwise, leaving
// `out` unspecified. Written by hand because /proc/stat, /proc/meminfo and
// memory.stat hold hundreds of numbers parsed on every read, and
// SimpleAtoi's generality (bases, signs, blanks) cost several times more.
// Inline: the /proc/stat parser calls it for every number of its intr line.
inline bool ParseDecimal(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  uint64_t n = 0;
  if (s.size() <= 19) {  // 19 digits never overflow: no check per digit
    for (char c : s) {
      const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(c)) - '0';
      if (digit > 9) return false;
      n = n * 10 + digit;
    }
    *out = n;
    return true;
  }
  for (char c : s) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(c)) - '0';
    if (digit > 9) return false;
    if (n > (UINT64_MAX - digit) / 10) return false;  // would overflow
    n = n * 10 + digit;
  }
  *out = n;
  return true;
}

// The value of the eight ASCII digits (or digit values 0-9) of `word`, its
// first digit in the low byte as a little-endian load puts it; zero bytes
// count as leading zeros, so k < 8 digits shifted up by 8 * (8 - k) bits
// read as k digits. Combined pairwise: 2, 4, then 8 digits per lane.
inline uint64_t EightDigitsValue(uint64_t word) {
  word = (word & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8;
  word = (word & 0x00FF00FF00FF00FF) * 6553601 >> 16;
  return (word & 0x0000FFFF0000FFFF) * 42949672960001 >> 32;
}

// Parses the digits at `p` (up to `end`) into `*n`, wrapping past 19
// digits (callers check the count), and returns where they end: `p` when
// there are none. Up to eight at a time when eight bytes are left: a
// meminfo read parses ~70 numbers (host file and memory.stat).
inline const char* ParseDigits(const char* p, const char* end, uint64_t* n) {
  uint64_t value = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (end - p >= 8) {
    constexpr uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0;
    constexpr uint64_t kThrees = 0x3030303030303030;
    uint64_t word;
    std::memcpy(&word, p, 8);
    // A byte is a digit when its high nibble is 3, also after adding 6 (so
    // its low nibble is at most 9). A carry out of a byte >= 0xFA only
    // reaches bytes after that non-digit, which are not used.
    const uint64_t not_digits = ((word & kHighNibbles) ^ kThrees) |
                                (((word + 0x0606060606060606) & kHighNibbles) ^ kThrees);
    const int count = not_digits == 0 ? 8 : __builtin_ctzll(not_digits) / 8;
    if (count == 0) return p;
    // The digits moved to the high bytes (zeros before them are leading zeros).
    value = EightDigitsValue(word << (8 * (8 - count)));
    p += count;
    if (count < 8) {
      *n = value;
      return p;
    }
  }
#endif
  for (unsigned digit; p < end && (digit = static_cast<unsigned char>(*p - '0')) <= 9; ++p) {
    value = value * 10 + digit;
  }
  *n = value;
  return p;
}

// The number that runs from `p` to the end of its line (a newline or
// `end`), as ParseDecimal takes it: where it ends, or nullptr when the rest
// of the line is not one. Finds the line's end while parsing, with no
// search (memory.stat and single-number cgroup files).
inline const char* ParseDecimalLine(const char* p, const char* end, uint64_t* value) {
  const char* const digits = p;
  uint64_t n = 0;
  p = ParseDigits(p, end, &n);
  if (p == digits || (p < end && *p != '\n')) return nullptr;
  *value = n;
  // Over 19 digits may have wrapped: ParseDecimal checks (and refuses) those.
  if (p - digits > 19 && !ParseDecimal(std::string_view(digits, p - digits), value)) {
    return nullptr;
  }
  return p;
}

// True when `s` is one or more ASCII digits and nothing else. A template so
// both std::string_view and (Debian's distinct) absl::string_view fit.
template <typename View>
bool AllDigits(View s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "00" to "99", for writing numbers two digits at a time.
inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

// Writes `v` in decimal at `out` (room for 20 digits) and returns the end.
// By hand for the same reason as ParseDecimal: renderers write hundreds of
// numbers per read.
inline char* WriteDecimal(uint64_t v, char* out) {
  char buf[20];  // UINT64_MAX has 20 digits
  char* p = buf + sizeof(buf);
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  const size_t n = static_cast<size_t>(buf + sizeof(buf) - p);
  std::memcpy(out, p, n);
  return out + n;
}

// Appends `v` in decimal to `out`.
inline void AppendDecimal(uint64_t v, std::string* out) {
  char buf[20];
  out->append(buf, static_cast<size_t>(WriteDecimal(v, buf) - buf));
}

}  // namespace procview

#endif  // PROCVIEW_PARSE_DECIMAL_H_
