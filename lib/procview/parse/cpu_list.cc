// cpu_list.cc: parser and formatter of the kernel's CPU list format.
#include "lib/procview/parse/cpu_list.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// One CPU number at `p`: 1 to 5 digits (no sign, no blanks), at most
// kMaxCpuNumber. Where it ends, or nullptr.
const char* ScanCpu(const char* p, const char* end, int* out) {
  const char* const digits = p;
  int n = 0;
  for (; p != end && p - digits <= 5; ++p) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(*p)) - '0';
    if (digit > 9) break;
    n = n * 10 + static_cast<int>(digit);
  }
  if (p == digits || p - digits > 5 || n > kMaxCpuNumber) return nullptr;
  *out = n;
  return p;
}

// The item starting at `item` (up to its comma), quoted in the error.
absl::Status BadItem(const char* item, const char* end) {
  const std::string_view rest(item, static_cast<size_t>(end - item));
  const std::string_view shown = rest.substr(0, std::min(rest.find(','), size_t{40}));
  return absl::InvalidArgumentError(absl::StrCat(
      "malformed CPU list item \"", absl::string_view(shown.data(), shown.size()), "\""));
}

// Scanned by hand, once, with no search for the commas and dashes: every
// read of a CPU-shaped file parses the cgroup's cpuset. Each item is "N" or
// "N-M" with N <= M. `Cpus` is a vector of ints.
template <typename Cpus>
absl::Status ParseCpuListTo(std::string_view text, Cpus* out) {
  Cpus& cpus = *out;
  cpus.clear();
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return absl::OkStatus();
  bool ascending = true;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (true) {
    const char* const item = p;
    int first = 0;
    int last = 0;
    p = ScanCpu(p, end, &first);
    if (p != nullptr) {
      last = first;
      if (p != end && *p == '-') p = ScanCpu(p + 1, end, &last);
    }
    if (p == nullptr || (p != end && *p != ',') || last < first) return BadItem(item, end);
    if (!cpus.empty() && first <= cpus.back()) ascending = false;
    // Often the only item. reserve() is out of line: only past the room.
    const size_t count = static_cast<size_t>(last - first) + 1;
    if (cpus.empty() && count > cpus.capacity()) cpus.reserve(count);
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
    if (p == end) break;
    ++p;  // the comma
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
