// meminfo_format.cc: the kernel's /proc/meminfo line format (meminfo.h).
#include <algorithm>
#include <cstring>
#include <string>

#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/parse/meminfo_layout.h"

namespace procview {
namespace {

// The width of "Key:" and its padding.
size_t LabelSize(std::string_view key) { return std::max<size_t>(key.size() + 1, 16); }

}  // namespace

std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb) {
  std::string line;
  AppendMeminfoLine(&line, key, value, kb);
  return line;
}

void AppendMeminfoLine(std::string* out, std::string_view key, uint64_t value, bool kb) {
  char line[64];
  if (MaxMeminfoLineSize(key) > sizeof(line)) {  // an unusually long key
    std::string long_line(MaxMeminfoLineSize(key), '\0');
    long_line.resize(WriteMeminfoLine(&long_line[0], key, value, kb) - long_line.data());
    out->append(long_line);
    return;
  }
  out->append(line, WriteMeminfoLine(line, key, value, kb) - line);
}

char* WriteMeminfoLine(char* at, std::string_view key, uint64_t value, bool kb) {
  // Formatted by hand: this runs for every rewritten line of every meminfo
  // read, and StrFormat's format parsing cost more than the rest of the line.
  // The padding is at most 22 bytes (15 after a short key, 7 before a short
  // number), so 23 blanks are stored at once (inside the room promised by
  // MaxMeminfoLineSize) and the number is written over them.
  static constexpr char kBlanks[] = "                       ";
  static_assert(sizeof(kBlanks) == 24, "23 blanks");
  const size_t label = LabelSize(key);
  std::memcpy(at, key.data(), key.size());
  at[key.size()] = ':';
  std::memcpy(at + key.size() + 1, kBlanks, 23);
  char* end;
  if (value < 100000000) {  // fits the 8-column field: written right-aligned in place
    end = at + label + 8;
    char* digit = end;
    for (; value >= 10; value /= 100) {  // two digits a step
      digit -= 2;
      std::memcpy(digit, kDigitPairs + value % 100 * 2, 2);
    }
    if (value != 0 || digit == end) *--digit = static_cast<char>('0' + value);
  } else {  // a wider number widens the field
    end = WriteDecimal(value, at + label);
  }
  if (kb) {
    std::memcpy(end, " kB", 3);
    end += 3;
  }
  return end;
}

bool PatchMeminfoValue(char* at, const MeminfoLine& line, uint64_t value) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // A spaced line is "Key:", spaces, digits and " kB" or nothing, so when
  // its digits end the field WriteMeminfoLine would write (and fill no more
  // than it), the line before the field is already what it would write.
  const size_t field_end = LabelSize(line.key) + 8;
  if (!line.spaced || value >= kMeminfoFieldLimit || line.digits > 8 ||
      line.raw.size() != field_end + (line.kb ? 3 : 0)) {
    return false;
  }
  const uint64_t field = MeminfoValueField(value);
  std::memcpy(at + field_end - 8, &field, 8);
  return true;
#else
  return false;
#endif
}

}  // namespace procview
