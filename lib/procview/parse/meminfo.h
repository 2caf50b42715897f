// meminfo.h: parser of /proc/meminfo text, keeping every line in order.
#ifndef PROCVIEW_PARSE_MEMINFO_H_
#define PROCVIEW_PARSE_MEMINFO_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {

// One "Key:   value [kB]" line. The views point into Meminfo::text.
struct MeminfoLine {
  std::string_view key;  // "MemTotal", "Active(anon)", "HugePages_Total"
  uint64_t value = 0;    // kB when `kb`, else a plain count
  bool kb = false;       // the line ends in " kB"
  std::string_view raw;  // the line as read, without its newline
};

// A parsed /proc/meminfo: the host's lines in the host's order, so lines a
// renderer does not know are reproduced unchanged. Parsed on every meminfo
// read, so lines are views into one shared copy of the text (no string per
// line); copies of a Meminfo share that text and stay valid.
struct Meminfo {
  std::shared_ptr<const std::string> text;
  std::vector<MeminfoLine> lines;

  // The value of line `key` (kB or count), if present.
  std::optional<uint64_t> Value(std::string_view key) const;
};

// Parses /proc/meminfo text. InvalidArgument when a non-empty line is not
// "Key: number" or "Key: number kB", or when a key repeats.
absl::StatusOr<Meminfo> ParseMeminfo(std::string_view text);

// Formats a line the way the kernel does: "Key:" padded to 16 columns, the
// value right-aligned in 8 (wider values just widen), then " kB" when `kb`.
std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb);
// The same line, appended to `out` (no newline): what renderers use, so a
// rewritten line costs no string of its own.
void AppendMeminfoLine(std::string* out, std::string_view key, uint64_t value, bool kb);

}  // namespace procview

#endif  // PROCVIEW_PARSE_MEMINFO_H_
