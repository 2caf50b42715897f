// cgroup_values.cc: pure parsers of cgroup v1 and v2 files.
#include "lib/procview/parse/cgroup_values.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::string_view OneLine(std::string_view text) {
  absl::string_view line = View(text);
  absl::ConsumeSuffix(&line, "\n");
  return line;
}

// Digits only (SimpleAtoi also takes signs and blanks), no overflow.
bool ParseUnsigned(absl::string_view s, uint64_t* out) {
  return ParseDecimal(std::string_view(s.data(), s.size()), out);
}

bool ParseUnsigned32(absl::string_view s, uint32_t* out) {
  uint64_t v = 0;
  if (!ParseUnsigned(s, &v) || v > std::numeric_limits<uint32_t>::max()) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

absl::Status Malformed(absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed ", what, ": \"", text.substr(0, 80), "\""));
}

// "MAJ:MIN". std::string_view: its find is inline, absl's is a library call.
bool ParseDevice(std::string_view s, uint32_t* major, uint32_t* minor) {
  const size_t colon = s.find(':');
  return colon != std::string_view::npos && ParseUnsigned32(View(s.substr(0, colon)), major) &&
         ParseUnsigned32(View(s.substr(colon + 1)), minor);
}
bool ParseDevice(absl::string_view s, uint32_t* major, uint32_t* minor) {
  return ParseDevice(std::string_view(s.data(), s.size()), major, minor);
}

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
absl::StatusOr<std::vector<CpuTime>> ParseCpuacctUsageAll(std::string_view text) {
  absl::string_view rest = OneLine(text);
  const size_t header_end = rest.find('\n');
  if (rest.substr(0, header_end) != "cpu user system") {
    return Malformed("cpuacct.usage_all header", View(text));
  }
  std::vector<CpuTime> out;
  if (header_end == absl::string_view::npos) return out;
  rest.remove_prefix(header_end + 1);
  out.reserve(std::count(rest.begin(), rest.end(), '\n') + 1);  // one line per CPU
  while (true) {
    const size_t end = rest.find('\n');
    const absl::string_view line = rest.substr(0, end);
    // "CPU USER SYSTEM": exactly two spaces.
    const size_t first = line.find(' ');
    const size_t second = first == absl::string_view::npos ? first : line.find(' ', first + 1);
    CpuTime t;
    uint64_t cpu = 0;
    if (second == absl::string_view::npos || line.find(' ', second + 1) != absl::string_view::npos ||
        !ParseUnsigned(line.substr(0, first), &cpu) || cpu > 65535 ||
        !ParseUnsigned(line.substr(first + 1, second - first - 1), &t.user_ns) ||
        !ParseUnsigned(line.substr(second + 1), &t.system_ns)) {
      return Malformed("cpuacct.usage_all line", line);
    }
    t.cpu = static_cast<int>(cpu);
    out.push_back(t);
    if (end == absl::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
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

absl::StatusOr<std::vector<IoDeviceStats>> ParseIoStat(std::string_view text) {
  std::vector<IoDeviceStats> out;
  for (absl::string_view line : absl::StrSplit(OneLine(text), '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    IoDeviceStats d;
    if (f.empty() || !ParseDevice(f[0], &d.major, &d.minor)) return Malformed("io.stat line", line);
    for (size_t i = 1; i < f.size(); ++i) {
      std::vector<absl::string_view> kv = absl::StrSplit(f[i], absl::MaxSplits('=', 1));
      uint64_t v = 0;
      if (kv.size() != 2) return Malformed("io.stat line", line);
      if (!ParseUnsigned(kv[1], &v)) continue;  // e.g. cost.* floats: not ours
      if (kv[0] == "rbytes") d.read_bytes = v;
      if (kv[0] == "wbytes") d.write_bytes = v;
      if (kv[0] == "rios") d.read_ios = v;
      if (kv[0] == "wios") d.write_ios = v;
      if (kv[0] == "dbytes") d.discard_bytes = v;
      if (kv[0] == "dios") d.discard_ios = v;
    }
    out.push_back(d);
  }
  return out;
}

absl::StatusOr<BlkioTable> ParseBlkio(std::string_view text) {
  BlkioTable out;
  BlkioOps* ops = nullptr;  // of the previous line: a device's lines come together
  std::pair<uint32_t, uint32_t> id;
  const absl::string_view one_line = OneLine(text);
  std::string_view rest(one_line.data(), one_line.size());
  while (!rest.empty()) {
    const std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(line.size() + 1, rest.size()));
    if (line.empty()) continue;
    // "MAJ:MIN Op N", or the closing "Total N".
    const size_t first = line.find(' ');
    const size_t last = line.rfind(' ');
    uint64_t v = 0;
    if (first == std::string_view::npos || !ParseDecimal(line.substr(last + 1), &v)) {
      return Malformed("blkio line", View(line));
    }
    if (first == last && line.substr(0, first) == "Total") continue;
    const std::string_view op = line.substr(first + 1, last - first - 1);
    uint32_t major = 0;
    uint32_t minor = 0;
    if (first == last || op.find(' ') != std::string_view::npos ||
        !ParseDevice(line.substr(0, first), &major, &minor)) {
      return Malformed("blkio line", View(line));
    }
    if (ops == nullptr || id != std::make_pair(major, minor)) {
      id = {major, minor};
      ops = &out[id];
    }
    if (op == "Read") ops->read = v;
    if (op == "Write") ops->write = v;
    if (op == "Discard") ops->discard = v;
  }
  return out;
}

std::vector<IoDeviceStats> CombineBlkio(const BlkioTable& bytes, const BlkioTable& ios,
                                        const BlkioTable& merged, const BlkioTable& time) {
  std::map<std::pair<uint32_t, uint32_t>, IoDeviceStats> devices;
  auto device = [&](const std::pair<uint32_t, uint32_t>& id) -> IoDeviceStats& {
    IoDeviceStats& d = devices[id];
    d.major = id.first;
    d.minor = id.second;
    return d;
  };
  // Which fields of a device's stats each file's Read/Write/Discard fill
  // (merged and time have no Discard column in the kernel's output).
  using Field = uint64_t IoDeviceStats::*;
  const struct {
    const BlkioTable& table;
    Field read, write, discard;
  } files[] = {
      {bytes, &IoDeviceStats::read_bytes, &IoDeviceStats::write_bytes,
       &IoDeviceStats::discard_bytes},
      {ios, &IoDeviceStats::read_ios, &IoDeviceStats::write_ios, &IoDeviceStats::discard_ios},
      {merged, &IoDeviceStats::read_merged, &IoDeviceStats::write_merged, nullptr},
      {time, &IoDeviceStats::read_time_ns, &IoDeviceStats::write_time_ns, nullptr},
  };
  for (const auto& file : files) {
    for (const auto& [id, ops] : file.table) {
      IoDeviceStats& d = device(id);
      d.*file.read = ops.read;
      d.*file.write = ops.write;
      if (file.discard != nullptr) d.*file.discard = ops.discard;
    }
  }
  std::vector<IoDeviceStats> out;
  for (const auto& entry : devices) out.push_back(entry.second);
  return out;
}

}  // namespace procview
