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
