// proc_stat.cc: parser of /proc/stat text.
#include "lib/procview/parse/proc_stat.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {

uint64_t CpuTicks::Elapsed() const {
  uint64_t sum = 0;
  for (size_t i = kCpuUser; i <= kCpuSteal; ++i) sum += v[i];
  return sum;
}

const CpuStatLine* ProcStat::FindCpu(int cpu) const {
  for (const CpuStatLine& line : cpus) {
    if (line.cpu == cpu) return &line;
  }
  return nullptr;
}

std::optional<uint64_t> ProcStat::Value(std::string_view key) const {
  for (const StatLine& line : others) {
    if (line.key == key && line.values.size() == 1) return line.values[0];
  }
  return std::nullopt;
}

namespace {

absl::Status LineError(size_t line_no, absl::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("/proc/stat line ", line_no, " (\"", line.substr(0, 60), "\"): ", why));
}

// Parses the space-separated numbers of `rest` into `out` (digits only, no
// overflow). /proc/stat is parsed on every read of stat, cpuinfo and the
// cpu range files, and its intr line holds hundreds of numbers, so this
// scans by hand instead of splitting into a vector of tokens.
bool ParseNumbers(absl::string_view rest, std::vector<uint64_t>* out) {
  out->clear();
  const char* p = rest.data();
  const char* const end = p + rest.size();
  while (p != end) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    const char* const start = p;
    while (p != end && *p != ' ') ++p;
    uint64_t n = 0;
    if (!ParseDecimal(std::string_view(start, static_cast<size_t>(p - start)), &n)) return false;
    out->push_back(n);
  }
  return true;
}

}  // namespace

absl::StatusOr<ProcStat> ParseProcStat(std::string_view std_text) {
  // Debian's abseil has its own string_view type.
  const absl::string_view text(std_text.data(), std_text.size());
  ProcStat stat;
  bool seen_total = false;
  bool seen_cpu_field_count = false;
  absl::flat_hash_set<int> seen_cpus;
  std::vector<uint64_t> numbers;
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    const size_t key_start = line.find_first_not_of(' ');
    if (key_start == absl::string_view::npos) {
      return LineError(line_no, line, "expected a key and numbers");
    }
    const size_t key_end = std::min(line.find(' ', key_start), line.size());
    const absl::string_view key = line.substr(key_start, key_end - key_start);
    if (!ParseNumbers(line.substr(key_end), &numbers)) {
      return LineError(line_no, line, "not a number");
    }
    if (numbers.empty()) return LineError(line_no, line, "expected a key and numbers");
    if (!absl::StartsWith(key, "cpu")) {
      if (!seen_total) return LineError(line_no, line, "the cpu line must come first");
      stat.others.push_back(StatLine{std::string(key), numbers});
      continue;
    }
    // A cpu line: "cpu" (the total) or "cpuN".
    if (numbers.size() < 4 || numbers.size() > kCpuFieldCount) {
      return LineError(line_no, line, "a cpu line has 4 to 10 columns");
    }
    if (seen_cpu_field_count && numbers.size() != stat.cpu_field_count) {
      return LineError(line_no, line, "cpu lines disagree on their column count");
    }
    seen_cpu_field_count = true;
    stat.cpu_field_count = numbers.size();
    CpuTicks ticks;
    for (size_t i = 0; i < numbers.size(); ++i) ticks.v[i] = numbers[i];
    absl::string_view suffix = key.substr(3);
    if (suffix.empty()) {
      if (seen_total) return LineError(line_no, line, "second cpu line");
      seen_total = true;
      stat.total = ticks;
      continue;
    }
    int cpu = 0;
    if (!seen_total) return LineError(line_no, line, "the cpu line must come first");
    if (!absl::ascii_isdigit(static_cast<unsigned char>(suffix[0])) ||
        !absl::SimpleAtoi(suffix, &cpu) || cpu < 0) {
      return LineError(line_no, line, "bad cpu number");
    }
    if (!seen_cpus.insert(cpu).second) return LineError(line_no, line, "repeated cpu");
    if (!stat.others.empty()) return LineError(line_no, line, "cpu line after other lines");
    stat.cpus.push_back(CpuStatLine{cpu, ticks});
  }
  if (!seen_total) return absl::InvalidArgumentError("/proc/stat has no cpu line");
  if (stat.cpus.empty()) return absl::InvalidArgumentError("/proc/stat has no cpuN line");
  return stat;
}

}  // namespace procview
