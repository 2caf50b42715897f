// cpu_list.cc: parser and formatter of the kernel's CPU list format.
#include "lib/procview/parse/cpu_list.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// One CPU number: digits only (no sign, no blanks), at most kMaxCpuNumber.
bool ParseCpu(std::string_view s, int* out) {
  uint64_t n = 0;
  if (s.size() > 5 || !ParseDecimal(s, &n) || n > kMaxCpuNumber) return false;
  *out = static_cast<int>(n);
  return true;
}

absl::Status BadItem(std::string_view item) {
  return absl::InvalidArgumentError(absl::StrCat(
      "malformed CPU list item \"", absl::string_view(item.data(), item.size()).substr(0, 40),
      "\""));
}

// Scanned by hand: every read of a CPU-shaped file parses the cgroup's
// cpuset. `Cpus` is a vector of ints.
template <typename Cpus>
absl::Status ParseCpuListTo(std::string_view text, Cpus* out) {
  Cpus& cpus = *out;
  cpus.clear();
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return absl::OkStatus();
  bool ascending = true;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const size_t dash = item.find('-');
    int first = 0;
    int last = 0;
    if (!ParseCpu(item.substr(0, dash), &first)) return BadItem(item);
    last = first;
    if (dash != std::string_view::npos &&
        (!ParseCpu(item.substr(dash + 1), &last) || last < first)) {
      return BadItem(item);
    }
    if (!cpus.empty() && first <= cpus.back()) ascending = false;
    if (cpus.empty()) cpus.reserve(static_cast<size_t>(last - first) + 1);  // often the only item
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (!ascending) {  // the kernel writes ascending lists; others are sorted here
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<int>> ParseCpuList(std::string_view text) {
  std::vector<int> cpus;
  if (absl::Status ok = ParseCpuListTo(text, &cpus); !ok.ok()) return ok;
  return cpus;
}

absl::Status ParseCpuListInto(std::string_view text, CpuNumbers* cpus) {
  absl::Status ok = ParseCpuListTo(text, cpus);
  if (!ok.ok()) cpus->clear();
  return ok;
}

bool StrictlyAscending(const std::vector<int>& cpus) {
  for (size_t i = 1; i < cpus.size(); ++i) {
    if (cpus[i] <= cpus[i - 1]) return false;
  }
  return true;
}

std::string FormatCpuList(const std::vector<int>& cpus) {
  std::string out;
  size_t i = 0;
  while (i < cpus.size()) {
    size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ',';
    absl::StrAppend(&out, cpus[i]);
    if (j > i) absl::StrAppend(&out, "-", cpus[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace procview
