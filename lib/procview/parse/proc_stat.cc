// proc_stat.cc: parser of /proc/stat text.
//
// /proc/stat is parsed on every read of stat, and its cpu lines on every read
// of cpuinfo, uptime and the cpu range files, so the text is scanned once by
// hand: no split into lines or tokens, no string per line.
#include "lib/procview/parse/proc_stat.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/proc_stat_cpu_lines.h"
#include "lib/procview/parse/proc_stat_numbers.h"

namespace procview {

const CpuStatLine* ProcStat::FindCpu(int cpu) const {
  for (const CpuStatLine& line : cpus) {
    if (line.cpu == cpu) return &line;
  }
  return nullptr;
}

void ProcStat::ParseTicksOf(absl::Span<const int> host_cpus) {
  if (!ticks_unparsed_) return;
  size_t next = 0;  // both lists are usually ascending: try the next line first
  for (const int cpu : host_cpus) {
    const CpuStatLine* found =
        next < cpus.size() && cpus[next].cpu == cpu ? &cpus[next] : FindCpu(cpu);
    if (found == nullptr) continue;
    next = static_cast<size_t>(found - cpus.data());
    proc_stat_internal::ParseCheckedColumns(text(), cpu_columns_[next], &cpus[next].ticks);
    ++next;
  }
}

namespace {

using proc_stat_internal::CountCpuLines;
using proc_stat_internal::CpuKeys;
using proc_stat_internal::CpuLines;
using proc_stat_internal::LineError;
using proc_stat_internal::ParseCpuValues;

// Cuts the first line (without its '\n') off `*rest`.
std::string_view TakeLine(std::string_view* rest) {
  const size_t end = rest->find('\n');
  const std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  return line;
}

// A line split at its key: "  key 1 2" -> key "key", values " 1 2".
struct KeyedLine {
  std::string_view key;     // empty when the line is only blanks
  std::string_view values;  // everything after the key
  bool indented = false;    // blanks before the key
};

KeyedLine SplitKey(std::string_view line) {
  KeyedLine out;
  size_t start = 0;
  while (start < line.size() && line[start] == ' ') ++start;
  const size_t end = std::min(line.find(' ', start), line.size());
  out.key = line.substr(start, end - start);
  out.values = line.substr(end);
  out.indented = start > 0;
  return out;
}

// The non-empty lines of /proc/stat text, numbered from 1 for errors.
class StatLines {
 public:
  explicit StatLines(std::string_view text) : p_(text.data()), end_(p_ + text.size()) {}
  // The lines of `text` from `from` (a line's start), which is line
  // `number` + 1.
  StatLines(std::string_view text, const char* from, size_t number)
      : p_(from), end_(text.data() + text.size()), number_(number) {}
  // Moves to the next non-empty line; false at the end of the text. With
  // pointers and memchr: it runs for every line on every read.
  bool Next() {
    while (p_ != end_) {
      const void* newline = std::memchr(p_, '\n', static_cast<size_t>(end_ - p_));
      const char* const line_end = newline ? static_cast<const char*>(newline) : end_;
      raw_ = std::string_view(p_, static_cast<size_t>(line_end - p_));
      p_ = newline ? line_end + 1 : end_;
      ++number_;
      if (raw_.empty()) continue;
      const char* key = raw_.data();
      while (key != line_end && *key == ' ') ++key;
      const char* const key_end = FindBlank(key, line_end);
      line_.key = std::string_view(key, static_cast<size_t>(key_end - key));
      line_.values = std::string_view(key_end, static_cast<size_t>(line_end - key_end));
      line_.indented = key != raw_.data();
      return true;
    }
    return false;
  }
  const KeyedLine& line() const { return line_; }
  // InvalidArgument naming the current line and `why`.
  absl::Status Error(absl::string_view why) const { return LineError(number_, raw_, why); }
  size_t number() const { return number_; }
  std::string_view raw() const { return raw_; }

 private:
  const char* p_;  // start of the next line
  const char* const end_;
  std::string_view raw_;
  KeyedLine line_;
  size_t number_ = 0;
};

// Walks the space-separated tokens of a line's values.
class Tokens {
 public:
  explicit Tokens(std::string_view text) : p_(text.data()), end_(p_ + text.size()) {}

  // The next token, or false at the end.
  bool Next(std::string_view* token) {
    while (p_ != end_ && *p_ == ' ') ++p_;
    if (p_ == end_) return false;
    const char* const start = p_;
    while (p_ != end_ && *p_ != ' ') ++p_;
    *token = std::string_view(start, static_cast<size_t>(p_ - start));
    return true;
  }

 private:
  const char* p_;
  const char* const end_;
};

bool IsCpuKey(std::string_view key) { return key.substr(0, 3) == "cpu"; }

// Collects the non-cpu lines in the kernel's spelling, each ending in
// '\n'. Lines already spelled so are kept in runs: consecutive ones are
// contiguous in the text, so a kernel's file is one run, passed on as a view
// of the text. Only other texts are copied, into `respelled`.
class OtherLines {
 public:
  OtherLines(std::string_view text, std::string* respelled)
      : text_(text), respelled_(respelled) {}

  // Checks the numbers of `line` (whose whole text is `raw`) and adds it.
  // False when there is no number or one is not a number.
  bool Add(const KeyedLine& line, std::string_view raw) {
    bool canonical = false;
    if (!CheckStatNumbers(line.values, &canonical)) return false;
    seen_ = true;
    if (first_procs_ == nullptr && line.key.substr(0, 6) == "procs_") first_procs_ = raw.data();
    if (canonical && !line.indented) {  // `raw` is the line as it will be
      const char* const end = raw.data() + raw.size();
      if (run_end_ != nullptr && run_end_ + 1 == raw.data()) {  // only a '\n' between
        run_end_ = end;
        return true;
      }
      Flush();
      run_start_ = raw.data();
      run_end_ = end;
      return true;
    }
    Flush();
    Reserve();
    respelled_->append(line.key.data(), line.key.size());
    Tokens tokens(line.values);
    std::string_view token;
    while (tokens.Next(&token)) {
      uint64_t n = 0;
      ParseDecimal(token, &n);  // checked above
      respelled_->push_back(' ');
      AppendDecimal(n, respelled_);
    }
    respelled_->push_back('\n');
    return true;
  }

  // After the last line: true when the lines are the text's range
  // [*begin, *begin + *size) as they are (one run, or none, ending in a
  // '\n'), with the first procs_* line at *procs_from in it (or its end);
  // false when they are in `respelled`.
  bool Finish(size_t* begin, size_t* size, size_t* procs_from) {
    const char* const text_end = text_.data() + text_.size();
    if (respelled_->empty() && (run_start_ == nullptr || run_end_ != text_end)) {
      *begin = run_start_ == nullptr ? 0 : static_cast<size_t>(run_start_ - text_.data());
      *size = run_start_ == nullptr ? 0 : static_cast<size_t>(run_end_ - run_start_) + 1;
      *procs_from =
          first_procs_ == nullptr ? *size : static_cast<size_t>(first_procs_ - run_start_);
      return true;
    }
    Flush();
    return false;
  }

  bool seen() const { return seen_; }

 private:
  // Appends the pending run to `respelled`.
  void Flush() {
    if (run_start_ == nullptr) return;
    Reserve();
    respelled_->append(run_start_, static_cast<size_t>(run_end_ - run_start_)).push_back('\n');
    run_start_ = run_end_ = nullptr;
  }
  // Room for all the lines (at most as long as the text), reserved once.
  void Reserve() {
    if (respelled_->empty()) respelled_->reserve(text_.size() + 1);
  }

  const std::string_view text_;
  std::string* const respelled_;
  const char* run_start_ = nullptr;  // lines of the text not yet appended
  const char* run_end_ = nullptr;    // (without the last one's '\n')
  const char* first_procs_ = nullptr;  // the first line with a procs_* key
  bool seen_ = false;
};

}  // namespace

std::optional<uint64_t> ProcStat::Value(std::string_view key) const {
  std::string_view rest = others();
  while (!rest.empty()) {
    const KeyedLine line = SplitKey(TakeLine(&rest));
    if (line.key != key) continue;
    uint64_t n = 0;
    // One number: " N" (others is in the kernel's spelling).
    if (line.values.find(' ', 1) != std::string_view::npos) return std::nullopt;
    if (!ParseDecimal(line.values.substr(1), &n)) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

std::vector<StatLine> ProcStat::Others() const {
  std::vector<StatLine> out;
  std::string_view rest = others();
  while (!rest.empty()) {
    const KeyedLine line = SplitKey(TakeLine(&rest));
    StatLine& parsed = out.emplace_back();
    parsed.key = std::string(line.key);
    Tokens tokens(line.values);
    std::string_view token;
    while (tokens.Next(&token)) {
      uint64_t n = 0;
      ParseDecimal(token, &n);
      parsed.values.push_back(n);
    }
  }
  return out;
}

absl::Status ProcStat::ParseInto(std::string_view text, CpuColumns columns, ProcStat* out) {
  ProcStat& stat = *out;
  stat.ticks_unparsed_ = columns == CpuColumns::kChecked;
  CpuLines cpu_lines(&stat, columns);
  // The kernel's cpu lines, parsed where they are: no line or key search.
  size_t line_no = 0;
  const char* const from = cpu_lines.TakeLeading(text, &line_no);
  // Every other line, and any cpu line the step above left (which reports
  // what is wrong with it).
  OtherLines others(text, &stat.respelled_);
  StatLines lines(text, from, line_no);
  while (lines.Next()) {
    const KeyedLine& line = lines.line();
    if (line.key.empty()) return lines.Error("expected a key and numbers");
    if (!IsCpuKey(line.key)) {
      if (!cpu_lines.keys().seen_total()) return lines.Error("the cpu line must come first");
      if (!others.Add(line, lines.raw())) return lines.Error("expected a key and numbers");
      continue;
    }
    // Parsed in either mode: lines the kernel does not write go this way.
    CpuTicks ticks;
    const size_t count = ParseCpuValues(line.values, &ticks);
    if (const char* why = cpu_lines.CountError(count)) return lines.Error(why);
    int cpu = 0;
    if (absl::Status ok = cpu_lines.keys().Check(line.key, lines.number(), lines.raw(), &cpu);
        !ok.ok()) {
      return ok;
    }
    if (cpu >= 0 && others.seen()) return lines.Error("cpu line after other lines");
    proc_stat_internal::CpuColumnsAt at;  // no masks: parsed again byte by byte
    at.values = static_cast<size_t>(line.values.data() - text.data());
    cpu_lines.Add(cpu, ticks, count, at);
  }
  if (absl::Status ok = cpu_lines.keys().CheckComplete(); !ok.ok()) return ok;
  stat.others_respelled_ =
      !others.Finish(&stat.others_begin_, &stat.others_size_, &stat.procs_from_);
  return absl::OkStatus();
}

absl::StatusOr<ProcStat> ParseProcStat(std::string text) {
  ProcStat stat;
  stat.text_ = std::move(text);
  stat.owns_text_ = true;
  if (absl::Status ok = ProcStat::ParseInto(stat.text_, CpuColumns::kParsed, &stat); !ok.ok()) {
    return ok;
  }
  return stat;
}

absl::Status ParseProcStatView(std::string_view text, ProcStat* stat, CpuColumns columns) {
  stat->view_ = text;
  return ProcStat::ParseInto(text, columns, stat);
}

absl::StatusOr<std::vector<int>> ParseOnlineCpus(std::string_view text) {
  CpuKeys keys(CountCpuLines(text));
  StatLines lines(text);
  while (lines.Next()) {
    const KeyedLine& line = lines.line();
    if (line.key.empty()) return lines.Error("expected a key and numbers");
    if (!IsCpuKey(line.key)) break;  // the cpu lines come first
    int cpu = 0;
    if (absl::Status ok = keys.Check(line.key, lines.number(), lines.raw(), &cpu); !ok.ok())
      return ok;
  }
  if (absl::Status ok = keys.CheckComplete(); !ok.ok()) return ok;
  return keys.TakeCpus();
}

}  // namespace procview
