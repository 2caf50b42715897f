// cpuinfo.h: parser of /proc/cpuinfo text into per-CPU blocks.
//
// The architectures lay the file out differently; all of them are
// paragraphs separated by blank lines:
//   x86, aarch64, riscv: one "processor : N" paragraph per CPU, each
//                        followed by a blank line;
//   ppc64le:             the same, then a machine paragraph (timebase,
//                        platform, model, machine, MMU) with no blank after;
//   s390x:               a summary paragraph first (vendor_id,
//                        "# processors", features, caches, one
//                        "processor N: ..." line per CPU), then one
//                        "cpu number : N" paragraph per CPU, no blank after.
// Paragraphs before the first CPU block are the header, those after the last
// the footer, so every line survives a round trip.
#ifndef PROCVIEW_PARSE_CPUINFO_H_
#define PROCVIEW_PARSE_CPUINFO_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {

// One paragraph: its lines, never blank, joined by '\n' (no newline after
// the last). A view into the text the Cpuinfo was parsed from: the file is
// parsed on every read, so no line is copied.
using CpuinfoParagraph = std::string_view;

// The lines of a paragraph.
std::vector<std::string_view> CpuinfoLines(CpuinfoParagraph paragraph);

// One CPU's paragraph.
struct CpuinfoProcessor {
  int cpu = 0;  // host CPU number: "processor : N" or s390x "cpu number : N"
  CpuinfoParagraph lines;
};

// A parsed /proc/cpuinfo; its paragraphs are views into the parsed text,
// which must outlive it.
struct Cpuinfo {
  std::vector<CpuinfoParagraph> header;  // before the first CPU (s390x)
  std::vector<CpuinfoProcessor> processors;  // in file order
  std::vector<CpuinfoParagraph> footer;  // after the last CPU (ppc64le)
  bool trailing_blank = true;  // the file ends with a blank line (x86, arm, riscv)

  // The block of host CPU `cpu`, or nullptr.
  const CpuinfoProcessor* Find(int cpu) const;
};

// The key of "key<spaces/tabs>: value" (trailing blanks removed), or
// nullopt when the line has no ':'.
std::optional<std::string_view> CpuinfoKey(std::string_view line);

// "key<spaces/tabs>: value" -> {key, value} with the key's trailing and the
// value's leading blanks removed; nullopt when the line has no ':'.
std::optional<std::pair<std::string_view, std::string_view>> SplitCpuinfoLine(
    std::string_view line);

// Parses /proc/cpuinfo text (the result points into it). InvalidArgument
// when there is no CPU block, a CPU number is not a number, or a CPU number
// repeats.
absl::StatusOr<Cpuinfo> ParseCpuinfo(std::string_view text);

// The pieces of ParseCpuinfo, for a renderer that walks the text itself
// (render/cpuinfo.h), so both read the text alike:
// A line of only blanks (or empty): it separates paragraphs.
bool IsBlankCpuinfoLine(std::string_view line);
// The host CPU number a paragraph whose first line is `first_line`
// describes, or nullopt when it is not a CPU block. InvalidArgument when
// its CPU number is not a number.
absl::StatusOr<std::optional<int>> CpuOfCpuinfoParagraph(std::string_view first_line);
// Whether the text ends with a blank line (x86, arm, riscv do).
bool CpuinfoEndsWithBlankLine(std::string_view text);

// Starts a paragraph in `out`: the blank line that separates it from the
// one before, if any. The paragraph's lines follow, each ending in '\n'.
void StartCpuinfoParagraph(std::string* out);

// Joins a Cpuinfo back into text (paragraphs separated by one blank line).
std::string FormatCpuinfo(const Cpuinfo& cpuinfo);

}  // namespace procview

#endif  // PROCVIEW_PARSE_CPUINFO_H_
