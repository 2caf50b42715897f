// proc_stat.h: parser of the host's /proc/stat text.
//
// Keeps every line: the cpu lines as numbers, the rest as text in the host's
// order, so a renderer can reproduce lines it does not know.
#ifndef PROCVIEW_PARSE_PROC_STAT_H_
#define PROCVIEW_PARSE_PROC_STAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace procview {
namespace proc_stat_internal {
class CpuLines;  // proc_stat_cpu_lines.h

// Where a checked cpu line's numbers are: bit i of `starts` (`ends`) is set
// when byte i after `values` is a number's first (last) digit. No bit is
// set when the masks could not be used (the line is parsed byte by byte).
struct CpuColumnsAt {
  size_t values = 0;  // offset of the line's values in the text
  uint64_t starts = 0;
  uint64_t ends = 0;
};
}  // namespace proc_stat_internal

// Columns of a cpu line, in the kernel's order (see proc(5)).
enum CpuField : size_t {
  kCpuUser = 0,
  kCpuNice,
  kCpuSystem,
  kCpuIdle,
  kCpuIowait,
  kCpuIrq,
  kCpuSoftirq,
  kCpuSteal,
  kCpuGuest,      // already included in user
  kCpuGuestNice,  // already included in nice
  kCpuFieldCount,
};

// Ticks (USER_HZ, 1/100 s) of one cpu line. Columns a kernel does not print
// are 0.
struct CpuTicks {
  std::array<uint64_t, kCpuFieldCount> v{};

  // Wall time the line covers: every column except guest and guest_nice,
  // which the kernel has already counted in user and nice.
  uint64_t Elapsed() const {
    uint64_t sum = 0;
    for (size_t i = kCpuUser; i <= kCpuSteal; ++i) sum += v[i];
    return sum;
  }
  friend bool operator==(const CpuTicks& a, const CpuTicks& b) { return a.v == b.v; }
};

// Adds `amount` to column `column` of every line of `lines` (not empty),
// evenly; the first lines take the remainder, so the lines gain exactly
// `amount`.
inline void SpreadEvenly(uint64_t amount, size_t column, absl::Span<CpuTicks> lines) {
  if (amount == 0) return;  // usual: nothing to spread
  const uint64_t n = lines.size();
  for (uint64_t i = 0; i < n; ++i) {
    lines[i].v[column] += amount / n + (i < amount % n ? 1 : 0);
  }
}

// One `cpuN` line.
struct CpuStatLine {
  int cpu = 0;  // host CPU number N
  CpuTicks ticks;
};

// What a parse does with the numbers of the cpu lines.
enum class CpuColumns {
  kParsed,   // parsed into `total` and each line's ticks
  kChecked,  // checked as for kParsed, but parsed only by ParseTicksOf
};

// Any line after the cpu lines: "intr 1 2 3", "ctxt 5", "btime 17...".
struct StatLine {
  std::string key;
  std::vector<uint64_t> values;  // at least one
};

// A parsed /proc/stat.
struct ProcStat {
  CpuTicks total;  // the `cpu` line
  // `cpuN` lines, in file order; on the stack for a small host.
  absl::InlinedVector<CpuStatLine, 8> cpus;
  // Columns per cpu line (4..10; 10 on every kernel since 2.6.33).
  size_t cpu_field_count = kCpuFieldCount;
  // Every other line, in file order, as text: "key N N...\n" with one space
  // before each number and no leading zeros (the kernel's own spelling, so a
  // renderer copies it as is; other spellings are normalized to it). Kept as
  // text because the intr line alone has hundreds of numbers, which a
  // renderer would otherwise format back on every read. A view into the
  // parsed text when the kernel wrote them so (no copy), else into a
  // respelled copy: valid while this ProcStat lives (and, when it was parsed
  // from a view, while that text does).
  std::string_view others() const {
    return others_respelled_ ? std::string_view(respelled_)
                             : text().substr(others_begin_, others_size_);
  }

  // Where the procs_* lines (procs_running, procs_blocked) may start in
  // others(): no line before this offset has a key starting with "procs_",
  // so a renderer that replaces them looks at the lines from here only (the
  // intr line, most of the text, comes before them). 0 when not known.
  size_t procs_from() const { return others_respelled_ ? 0 : procs_from_; }

  // The cpuN line of host CPU `cpu`, or nullptr when the host has none
  // (offline CPUs have no line).
  const CpuStatLine* FindCpu(int cpu) const;
  // After a parse with CpuColumns::kChecked, whose `total` and ticks are
  // left zero: parses the ticks of the lines of host CPUs `host_cpus`
  // (those without a line are skipped), which a reader of a few CPUs of a
  // large host needs. Does nothing after other parses.
  void ParseTicksOf(absl::Span<const int> host_cpus);
  // The single value of line `key` ("ctxt", "btime", ...), if present.
  std::optional<uint64_t> Value(std::string_view key) const;
  // `others` split into keys and numbers.
  std::vector<StatLine> Others() const;
  // Sets others() to `lines`, which must be spelled as described there
  // (for a ProcStat made by hand, as tests do).
  void SetOthers(std::string lines) {
    respelled_ = std::move(lines);
    others_respelled_ = true;
  }

 private:
  friend class proc_stat_internal::CpuLines;
  friend absl::StatusOr<ProcStat> ParseProcStat(std::string text);
  friend absl::Status ParseProcStatView(std::string_view text, ProcStat* stat,
                                        CpuColumns columns);
  // The parser of both: `text` is `*out`'s.
  static absl::Status ParseInto(std::string_view text, CpuColumns columns, ProcStat* out);
  std::string_view text() const { return owns_text_ ? std::string_view(text_) : view_; }
  std::string text_;       // the parsed text, when kept here
  std::string_view view_;  // else the parsed text, kept by the caller
  bool owns_text_ = false;
  std::string respelled_;  // the other lines, when not a run of text_ as is
  bool others_respelled_ = false;
  size_t others_begin_ = 0;  // else where they are in text_
  size_t others_size_ = 0;
  size_t procs_from_ = 0;  // see procs_from(), when not respelled
  bool ticks_unparsed_ = false;  // parsed with CpuColumns::kChecked
  // Then where the numbers of each of `cpus` are in the text.
  absl::InlinedVector<proc_stat_internal::CpuColumnsAt, 8> cpu_columns_;
};

// Parses /proc/stat text, which the result keeps (its other lines are
// usually passed on as they are). InvalidArgument when a line is not
// "key number...", when the `cpu` line is missing or not first, when cpu
// lines disagree on their column count, or when a cpuN number repeats.
absl::StatusOr<ProcStat> ParseProcStat(std::string text);

// ParseProcStat into `*stat` (a new ProcStat), for a text the caller keeps
// while `*stat` is used (a read on the stack: no copy of the text). With
// CpuColumns::kChecked the cpu lines' numbers are checked (the same errors)
// but not parsed: see ProcStat::ParseTicksOf.
absl::Status ParseProcStatView(std::string_view text, ProcStat* stat,
                               CpuColumns columns = CpuColumns::kParsed);

// The host CPU numbers of the cpuN lines of /proc/stat text, in file order:
// the CPUs that are online. Reads only the leading cpu lines, checking their
// keys as ParseProcStat does (a `cpu` line first, then well-formed cpuN
// keys that do not repeat, at least one) but not their numbers.
absl::StatusOr<std::vector<int>> ParseOnlineCpus(std::string_view text);

}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_STAT_H_
