// proc_stat_numbers.h: checks of the numbers after a /proc/stat key
// (" N N..."), the parser's hottest loop: the intr line alone holds
// hundreds of numbers, read on every read of /proc/stat.
#ifndef PROCVIEW_PARSE_PROC_STAT_NUMBERS_H_
#define PROCVIEW_PARSE_PROC_STAT_NUMBERS_H_

#include <string_view>

namespace procview {

// True when `values` is certainly " N N..." in the kernel's spelling: one
// space before each number, digits only, no leading zeros, fewer than 20
// digits each, at least one number. Runs of " 0" (most of the intr line)
// are passed over 64 bytes per step. False means "not certain": numbers of
// 20 digits (which may still fit 64 bits) are left to CheckStatNumbers.
bool LooksCanonicalStatNumbers(std::string_view values);

// Checks " N N..." exactly: at least one number, each digits only and
// fitting 64 bits. Sets `*canonical` when the spelling is the kernel's (see
// above). Takes the fast path above first.
bool CheckStatNumbers(std::string_view values, bool* canonical);

// The first ' ' in [p, end), or `end`: eight bytes at a time while eight
// are left (little-endian words), as the key of every line is looked for.
const char* FindBlank(const char* p, const char* end);

}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_STAT_NUMBERS_H_
