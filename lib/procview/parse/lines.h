// lines.h: walking a text line by line without copying it.
#ifndef PROCVIEW_PARSE_LINES_H_
#define PROCVIEW_PARSE_LINES_H_

#include <cstring>
#include <string_view>

namespace procview {

// The line at `*p`, without its '\n' (the last line may lack one), and
// `*p` moved past it. `*p` must be before `end`.
inline std::string_view NextLine(const char** p, const char* end) {
  const char* const start = *p;
  const void* newline = std::memchr(start, '\n', static_cast<size_t>(end - start));
  const char* const line_end = newline ? static_cast<const char*>(newline) : end;
  *p = newline ? line_end + 1 : end;
  return std::string_view(start, static_cast<size_t>(line_end - start));
}

}  // namespace procview

#endif  // PROCVIEW_PARSE_LINES_H_
