// proc_stat_cpu_lines.cc: see proc_stat_cpu_lines.h.
#include "lib/procview/parse/proc_stat_cpu_lines.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace procview {
namespace proc_stat_internal {

absl::Status LineError(size_t line_no, std::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("/proc/stat line ", line_no, " (\"",
                   absl::string_view(line.data(), line.size()).substr(0, 60), "\"): ", why));
}

// The number of leading lines that start with "cpu": a kernel's cpu lines,
// counted first so that their list is allocated once, at its size (an
// estimate from the text's size would be dominated by the intr line).
size_t CountCpuLines(std::string_view text) {
  size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (end - p >= 3 && std::memcmp(p, "cpu", 3) == 0) {
    ++n;
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (newline == nullptr) break;
    p = static_cast<const char*>(newline) + 1;
  }
  return n;
}

// Parses the numbers of a cpu line, from `p` (after its key) to the line's
// end (a '\n', or `end`), into `ticks`; returns the column count, or 0 when
// one is not a number. `*line_end` becomes where the line ends. One pass
// over the characters: the numbers are accumulated while they are scanned,
// and the line's end is found on the way.
size_t ParseCpuColumns(const char* p, const char* const end, CpuTicks* ticks,
                       const char** line_end) {
  size_t count = 0;
  // One step per column: its blanks (one as the kernel writes them), then
  // its number, which ends at a blank or at the line's end.
  while (p != end && *p == ' ') {
    do ++p;
    while (p != end && *p == ' ');
    if (p == end || *p == '\n') break;  // blanks at the end
    uint64_t n = 0;
    if (*p == '0' && (end - p == 1 || p[1] == ' ' || p[1] == '\n')) {
      ++p;  // a lone 0, common (irq, steal, guest...): nothing to combine
    } else {
      const char* const start = p;
      p = ParseDigits(p, end, &n);  // eight digits per step
      const size_t digits = static_cast<size_t>(p - start);
      if (digits == 0 || (p != end && *p != ' ' && *p != '\n')) return 0;
      // 19 digits always fit; longer numbers are checked as ParseDecimal does.
      if (digits > 19 && !ParseDecimal(std::string_view(start, digits), &n)) return 0;
    }
    if (count < kCpuFieldCount) ticks->v[count] = n;
    ++count;
  }
  if (p != end && *p != '\n') return 0;  // the values did not start with a blank
  *line_end = p;
  return count;
}

// ParseCpuColumns on a line's values (without its '\n').
size_t ParseCpuValues(std::string_view values, CpuTicks* ticks) {
  const char* line_end = nullptr;
  const size_t count = ParseCpuColumns(values.data(), values.data() + values.size(), ticks,
                                       &line_end);
  return line_end == values.data() + values.size() ? count : 0;
}

}  // namespace proc_stat_internal
}  // namespace procview
