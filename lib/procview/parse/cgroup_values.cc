// cgroup_values.cc: pure parsers of cgroup v1 and v2 files.
#include "lib/procview/parse/cgroup_values.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/cgroup_values_text.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

using cgroup_text::Malformed;
using cgroup_text::OneLine;
using cgroup_text::ParseUnsigned;
using cgroup_text::View;

// Calls `fn(key, value)` for each "key value" line of `text`, in file order,
// without copying anything: the parsers of hot files (memory.stat is read
// on every meminfo read, ~70 lines) pick their keys straight from the text.
// InvalidArgument, naming the line, on a line that is not "key number".
template <typename Fn>
absl::Status ForEachKeyed(std::string_view text, Fn fn) {
  absl::string_view rest = OneLine(text);
  while (!rest.empty()) {
    const size_t eol = rest.find('\n');
    const absl::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == absl::string_view::npos ? rest.size() : eol + 1);
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    uint64_t v = 0;
    if (space == 0 || space == absl::string_view::npos ||
        !ParseUnsigned(line.substr(space + 1), &v)) {
      return Malformed("\"key value\" line", line);
    }
    fn(line.substr(0, space), v);
  }
  return absl::OkStatus();
}

// The values of keys `first` and `second` of a small "key value" file.
absl::StatusOr<std::pair<uint64_t, uint64_t>> TwoKeyed(std::string_view text,
                                                       absl::string_view first,
                                                       absl::string_view second,
                                                       absl::string_view what) {
  std::optional<uint64_t> a;
  std::optional<uint64_t> b;
  RETURN_IF_ERROR(ForEachKeyed(text, [&](absl::string_view key, uint64_t value) {
    if (!a && key == first) a = value;
    if (!b && key == second) b = value;
  }));
  if (!a || !b) return Malformed(what, View(text));
  return std::make_pair(*a, *b);
}

absl::StatusOr<std::optional<double>> QuotaCpus(absl::string_view quota, uint64_t period,
                                                absl::string_view what,
                                                absl::string_view text) {
  if (period == 0) return Malformed(what, text);
  uint64_t q = 0;
  // The kernel refuses quotas under 1 ms, so 0 is damage, not "no CPU"; as
  // a number it would win LowestQuota and then be ignored downstream.
  if (!ParseUnsigned(quota, &q) || q == 0) return Malformed(what, text);
  return static_cast<double>(q) / static_cast<double>(period);
}

}  // namespace

absl::StatusOr<uint64_t> ParseU64File(std::string_view text) {
  uint64_t v = 0;
  const char* const end = text.data() + text.size();
  const char* const number_end = ParseDecimalLine(text.data(), end, &v);
  // One line: nothing after its newline.
  if (number_end == nullptr || end - number_end > 1) return Malformed("number", View(text));
  return v;
}

absl::StatusOr<Limit> ParseV1Limit(std::string_view text) {
  absl::StatusOr<uint64_t> v = ParseU64File(text);
  if (!v.ok()) return v.status();
  if (*v >= kV1NoLimitThreshold) return Limit();
  return Limit(*v);
}

absl::StatusOr<Limit> ParseV2Limit(std::string_view text) {
  if (OneLine(text) == "max") return Limit();
  absl::StatusOr<uint64_t> v = ParseU64File(text);
  if (!v.ok()) return v.status();
  return Limit(*v);
}

absl::StatusOr<std::optional<double>> ParseCpuMax(std::string_view text) {
  std::vector<absl::string_view> f = absl::StrSplit(OneLine(text), ' ');
  uint64_t period = 0;
  if (f.size() != 2 || !ParseUnsigned(f[1], &period)) return Malformed("cpu.max", View(text));
  if (f[0] == "max") return std::optional<double>();
  return QuotaCpus(f[0], period, "cpu.max", View(text));
}

absl::StatusOr<std::optional<double>> ParseCfsQuota(std::string_view quota_text,
                                                    std::string_view period_text) {
  const absl::string_view quota = OneLine(quota_text);
  uint64_t period = 0;
  if (!ParseUnsigned(OneLine(period_text), &period)) {
    return Malformed("cpu.cfs_period_us", View(period_text));
  }
  if (quota == "-1") return std::optional<double>();
  return QuotaCpus(quota, period, "cpu.cfs_quota_us", quota);
}

bool CfsQuotaUnset(std::string_view quota_text) { return OneLine(quota_text) == "-1"; }

absl::StatusOr<FlatKeyed> ParseFlatKeyed(std::string_view text) {
  FlatKeyed out;
  RETURN_IF_ERROR(ForEachKeyed(text, [&](absl::string_view key, uint64_t value) {
    out.emplace(std::string(key), value);
  }));
  return out;
}

// Read on every read of a CPU-shaped file, one line per host CPU: split by
// hand rather than into vectors of fields.
namespace {

// The number at `p` followed by `stop` (or ending `end` when `stop` is '\n'),
// as ParseDecimal takes it; returns where `stop` is, or nullptr.
const char* NumberBefore(const char* p, const char* end, char stop, uint64_t* value) {
  const char* const digits = p;
  p = ParseDigits(p, end, value);
  if (p == digits || (p == end ? stop != '\n' : *p != stop)) return nullptr;
  if (p - digits > 19 && !ParseDecimal(std::string_view(digits, p - digits), value)) {
    return nullptr;
  }
  return p;
}

}  // namespace

absl::Status ParseCpuacctUsageAllInto(std::string_view text, CpuTimes* out_times) {
  const absl::string_view all = OneLine(text);
  constexpr absl::string_view kHeader = "cpu user system";
  if (!absl::StartsWith(all, kHeader) ||
      (all.size() > kHeader.size() && all[kHeader.size()] != '\n')) {
    return Malformed("cpuacct.usage_all header", View(text));
  }
  CpuTimes& out = *out_times;
  out.clear();
  if (all.size() == kHeader.size()) return absl::OkStatus();
  const char* p = all.data() + kHeader.size() + 1;
  const char* const end = all.data() + all.size();
  // One line per CPU, usually over 20 bytes (nanosecond totals): room
  // without counting them, on the stack up to 16 CPUs.
  const size_t room = static_cast<size_t>(end - p) / 20 + 1;
  if (room > out.capacity()) out.reserve(room);  // reserve() is out of line
  // One pass over each "CPU USER SYSTEM" line: exactly two spaces.
  while (true) {
    const char* const line = p;
    CpuTime t;
    uint64_t cpu = 0;
    if ((p = NumberBefore(p, end, ' ', &cpu)) == nullptr || cpu > 65535 ||
        (p = NumberBefore(p + 1, end, ' ', &t.user_ns)) == nullptr ||
        (p = NumberBefore(p + 1, end, '\n', &t.system_ns)) == nullptr) {
      const char* const eol = std::find(line, end, '\n');
      return Malformed("cpuacct.usage_all line", absl::string_view(line, eol - line));
    }
    t.cpu = static_cast<int>(cpu);
    out.push_back(t);
    if (p == end) break;
    ++p;
  }
  return absl::OkStatus();
}

absl::StatusOr<CpuTimes> ParseCpuacctUsageAll(std::string_view text) {
  CpuTimes out;
  if (absl::Status ok = ParseCpuacctUsageAllInto(text, &out); !ok.ok()) return ok;
  return out;
}

absl::StatusOr<CpuTotals> ParseCpuacctStat(std::string_view text) {
  ASSIGN_OR_RETURN(const auto ticks, TwoKeyed(text, "user", "system", "cpuacct.stat"));
  constexpr uint64_t kNsPerTick = 1'000'000'000 / kUserHz;
  return CpuTotals{ticks.first * kNsPerTick, ticks.second * kNsPerTick};
}

absl::StatusOr<CpuTotals> ParseCpuStatV2(std::string_view text) {
  ASSIGN_OR_RETURN(const auto usec, TwoKeyed(text, "user_usec", "system_usec", "cpu.stat"));
  return CpuTotals{usec.first * 1000, usec.second * 1000};
}

}  // namespace procview
