// proc_stat_cpu_lines.h: the cpu lines of /proc/stat (internal to
// proc_stat.cc): their keys' rules, their numbers, and the walk that parses
// a kernel's cpu lines where they are, before the general line walk.
#ifndef PROCVIEW_PARSE_PROC_STAT_CPU_LINES_H_
#define PROCVIEW_PARSE_PROC_STAT_CPU_LINES_H_

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/proc_stat.h"

namespace procview {
namespace proc_stat_internal {

// InvalidArgument naming line `line_no` (text `line`) of /proc/stat and `why`.
absl::Status LineError(size_t line_no, std::string_view line, absl::string_view why);

// The number of leading lines that start with "cpu": a kernel's cpu lines,
// counted so that their list is allocated once, at its size (an estimate
// from the text's size would be dominated by the intr line).
size_t CountCpuLines(std::string_view text);

// Parses the numbers of a cpu line, from `p` (after its key) to the line's
// end (a '\n', or `end`), into `ticks`; returns the column count, or 0 when
// one is not a number. `*line_end` becomes where the line ends. The
// kernel's lines are read from bit masks of their bytes (SSE2), others
// byte by byte.
size_t ParseCpuColumns(const char* p, const char* const end, CpuTicks* ticks,
                       const char** line_end);

// ParseCpuColumns without the numbers: the same count and line end, for a
// line whose numbers may not be used (a kernel's line takes one mask step).
// `*at` becomes where they are, for ParseCheckedColumns.
size_t CheckCpuColumns(const char* p, const char* const end, const char** line_end,
                       CpuColumnsAt* at);

// The numbers of a line CheckCpuColumns accepted in `text` into `ticks`.
void ParseCheckedColumns(std::string_view text, const CpuColumnsAt& at, CpuTicks* ticks);

// ParseCpuColumns on a line's values (without its '\n').
size_t ParseCpuValues(std::string_view values, CpuTicks* ticks);

// The rules every cpu line's key follows, in file order: "cpu" (the total)
// first and once, then "cpuN" keys with N a number that does not repeat.
class CpuKeys {
 public:
  // For a text of `cpu_lines` cpu lines (CountCpuLines). The CPU numbers
  // seen are kept on the stack up to 64 CPUs, however long the intr line.
  explicit CpuKeys(size_t cpu_lines) { Reserve(cpu_lines); }
  // (reserve() is out of line even when the inline room suffices.)
  void Reserve(size_t cpu_lines) {
    if (cpu_lines > cpus_.capacity()) cpus_.reserve(cpu_lines);
  }

  // Checks `key` (starting with "cpu") of line `line_no`; `*cpu` becomes N
  // for a cpuN line and -1 for the total.
  absl::Status Check(std::string_view key, size_t line_no, std::string_view line, int* cpu) {
    const std::string_view suffix = key.substr(3);
    if (suffix.empty()) {
      if (seen_total_) return LineError(line_no, line, "second cpu line");
      seen_total_ = true;
      *cpu = -1;
      return absl::OkStatus();
    }
    if (!seen_total_) return LineError(line_no, line, "the cpu line must come first");
    uint64_t n = 0;
    if (!ParseDecimal(suffix, &n) || n > INT_MAX) return LineError(line_no, line, "bad cpu number");
    *cpu = static_cast<int>(n);
    // The kernel lists CPUs in ascending order; only other orders need a search.
    if (!cpus_.empty() && *cpu <= cpus_.back() &&
        std::find(cpus_.begin(), cpus_.end(), *cpu) != cpus_.end()) {
      return LineError(line_no, line, "repeated cpu");
    }
    cpus_.push_back(*cpu);
    return absl::OkStatus();
  }

  // After the last line.
  absl::Status CheckComplete() const {
    if (!seen_total_) return absl::InvalidArgumentError("/proc/stat has no cpu line");
    if (cpus_.empty()) return absl::InvalidArgumentError("/proc/stat has no cpuN line");
    return absl::OkStatus();
  }
  bool seen_total() const { return seen_total_; }
  std::vector<int> TakeCpus() const { return std::vector<int>(cpus_.begin(), cpus_.end()); }

 private:
  bool seen_total_ = false;
  absl::InlinedVector<int, 64> cpus_;
};

// The cpu lines of a ProcStat, checked and added as ParseInto finds them.
class CpuLines {
 public:
  CpuLines(ProcStat* stat, CpuColumns columns)
      : stat_(*stat), keys_(0), parse_(columns == CpuColumns::kParsed) {}

  // Why a cpu line of `count` columns is refused, or nullptr.
  const char* CountError(size_t count) const {
    if (count < 4 || count > kCpuFieldCount) return "a cpu line has 4 to 10 numeric columns";
    if (seen_count_ && count != stat_.cpu_field_count) {
      return "cpu lines disagree on their column count";
    }
    return nullptr;
  }

  // The columns of a line's values at `p` (to its '\n' or `end`) into
  // `ticks`, or only checked (CpuColumns::kChecked) with where they are in
  // `*at`: ParseCpuColumns.
  size_t Columns(const char* p, const char* end, CpuTicks* ticks, const char** line_end,
                 CpuColumnsAt* at) const {
    return parse_ ? ParseCpuColumns(p, end, ticks, line_end)
                  : CheckCpuColumns(p, end, line_end, at);
  }

  // Adds a line whose key and count were checked (`cpu` from CpuKeys::Check),
  // with its values at `at` in the text (`at.values` from the text's start).
  void Add(int cpu, const CpuTicks& ticks, size_t count, const CpuColumnsAt& at) {
    seen_count_ = true;
    stat_.cpu_field_count = count;
    if (cpu < 0) {
      stat_.total = ticks;
      return;
    }
    stat_.cpus.push_back(CpuStatLine{cpu, ticks});
    if (!parse_) stat_.cpu_columns_.push_back(at);
  }

  // Parses the leading lines of `text` that are cpu lines in the kernel's
  // form ("cpu" or "cpuN" at the line's start, a blank, numbers) and pass
  // every check, counting them in `*line_no`; returns where the first other
  // line starts. A line that fails a check is left to the line walk, which
  // reports it (nothing of it is added here).
  const char* TakeLeading(std::string_view text, size_t* line_no) {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (end - p > 3 && std::memcmp(p, "cpu", 3) == 0) {
      const char* key_end = p + 3;
      while (key_end != end && static_cast<unsigned char>(*key_end - '0') <= 9) ++key_end;
      if (key_end == end || *key_end != ' ') break;
      CpuTicks ticks;
      const char* line_end = nullptr;
      CpuColumnsAt at;
      const size_t count = Columns(key_end, end, &ticks, &line_end, &at);
      const std::string_view key(p, static_cast<size_t>(key_end - p));
      const std::string_view raw(p, static_cast<size_t>(line_end - p));
      int cpu = 0;
      if (CountError(count) != nullptr || !keys_.Check(key, *line_no + 1, raw, &cpu).ok()) break;
      if (cpu >= 0 && stat_.cpus.size() == stat_.cpus.capacity()) Reserve(p, end);
      at.values = static_cast<size_t>(key_end - text.data());
      Add(cpu, ticks, count, at);
      ++*line_no;
      p = line_end == end ? end : line_end + 1;
    }
    return p;
  }

  CpuKeys& keys() { return keys_; }

 private:
  // Room for the cpu lines from `p` on, counted once the inline room is
  // used (a host of many CPUs): one allocation, at the right size.
  void Reserve(const char* p, const char* end) {
    const size_t more = CountCpuLines(std::string_view(p, static_cast<size_t>(end - p)));
    stat_.cpus.reserve(stat_.cpus.size() + more);
    if (!parse_) stat_.cpu_columns_.reserve(stat_.cpus.size() + more);
    keys_.Reserve(stat_.cpus.size() + more);
  }

  ProcStat& stat_;
  CpuKeys keys_;
  const bool parse_;  // else CpuColumns::kChecked
  bool seen_count_ = false;
};

}  // namespace proc_stat_internal
}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_STAT_CPU_LINES_H_
