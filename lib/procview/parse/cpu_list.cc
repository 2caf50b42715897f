// cpu_list.cc: parser and formatter of the kernel's CPU list format.
#include "lib/procview/parse/cpu_list.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {
namespace {

// One CPU number: digits only (SimpleAtoi would accept "+1" and spaces).
bool ParseCpu(absl::string_view s, int* out) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(s, out) && *out <= kMaxCpuNumber;
}

}  // namespace

absl::StatusOr<std::vector<int>> ParseCpuList(std::string_view std_text) {
  absl::string_view text(std_text.data(), std_text.size());
  absl::ConsumeSuffix(&text, "\n");
  std::vector<int> cpus;
  if (text.empty()) return cpus;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    const auto bad = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed CPU list item \"", item.substr(0, 40), "\""));
    };
    std::vector<absl::string_view> bounds = absl::StrSplit(item, absl::MaxSplits('-', 1));
    int first = 0;
    int last = 0;
    if (!ParseCpu(bounds[0], &first)) return bad();
    last = first;
    if (bounds.size() == 2 && (!ParseCpu(bounds[1], &last) || last < first)) return bad();
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
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
