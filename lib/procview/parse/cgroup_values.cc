// cgroup_values.cc: pure parsers of cgroup v1 and v2 files.
#include "lib/procview/parse/cgroup_values.h"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

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
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(s, out);
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

// "MAJ:MIN"
bool ParseDevice(absl::string_view s, uint32_t* major, uint32_t* minor) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, ':');
  return parts.size() == 2 && ParseUnsigned32(parts[0], major) &&
         ParseUnsigned32(parts[1], minor);
}

uint64_t Get(const FlatKeyed& keys, absl::string_view key) {
  auto it = keys.find(key);
  return it == keys.end() ? 0 : it->second;
}

// Fills MemoryStat from `keys`, each name prefixed by `prefix`.
MemoryStat StatFrom(const FlatKeyed& k, absl::string_view prefix, bool v1) {
  auto get = [&](absl::string_view name) { return Get(k, absl::StrCat(prefix, name)); };
  MemoryStat s;
  s.anon = get(v1 ? "rss" : "anon");
  s.file = get(v1 ? "cache" : "file");
  s.shmem = get("shmem");
  s.file_mapped = get(v1 ? "mapped_file" : "file_mapped");
  s.file_dirty = get(v1 ? "dirty" : "file_dirty");
  s.file_writeback = get(v1 ? "writeback" : "file_writeback");
  s.anon_thp = get(v1 ? "rss_huge" : "anon_thp");
  s.active_anon = get("active_anon");
  s.inactive_anon = get("inactive_anon");
  s.active_file = get("active_file");
  s.inactive_file = get("inactive_file");
  s.unevictable = get("unevictable");
  if (!v1) {
    s.slab_reclaimable = get("slab_reclaimable");
    s.slab_unreclaimable = get("slab_unreclaimable");
    s.kernel_stack = get("kernel_stack");
    s.pagetables = get("pagetables");
  }
  return s;
}

absl::StatusOr<std::optional<double>> QuotaCpus(absl::string_view quota, uint64_t period,
                                                absl::string_view what,
                                                absl::string_view text) {
  if (period == 0) return Malformed(what, text);
  uint64_t q = 0;
  if (!ParseUnsigned(quota, &q)) return Malformed(what, text);
  return static_cast<double>(q) / static_cast<double>(period);
}

}  // namespace

absl::StatusOr<uint64_t> ParseU64File(std::string_view text) {
  uint64_t v = 0;
  if (!ParseUnsigned(OneLine(text), &v)) return Malformed("number", View(text));
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

absl::StatusOr<FlatKeyed> ParseFlatKeyed(std::string_view text) {
  FlatKeyed out;
  for (absl::string_view line : absl::StrSplit(OneLine(text), '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    uint64_t v = 0;
    if (f.size() != 2 || f[0].empty() || !ParseUnsigned(f[1], &v)) {
      return Malformed("\"key value\" line", line);
    }
    out.emplace(std::string(f[0]), v);
  }
  return out;
}

absl::StatusOr<MemoryStat> ParseMemoryStatV1(std::string_view text) {
  absl::StatusOr<FlatKeyed> keys = ParseFlatKeyed(text);
  if (!keys.ok()) return keys.status();
  if (keys->find("total_rss") == keys->end()) {
    return absl::InvalidArgumentError("v1 memory.stat without total_rss");
  }
  return StatFrom(*keys, "total_", /*v1=*/true);
}

absl::StatusOr<MemoryStat> ParseMemoryStatV2(std::string_view text) {
  absl::StatusOr<FlatKeyed> keys = ParseFlatKeyed(text);
  if (!keys.ok()) return keys.status();
  if (keys->find("anon") == keys->end()) {
    return absl::InvalidArgumentError("v2 memory.stat without anon");
  }
  return StatFrom(*keys, "", /*v1=*/false);
}

absl::StatusOr<std::vector<CpuTime>> ParseCpuacctUsageAll(std::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(OneLine(text), '\n');
  if (lines.empty() || lines[0] != "cpu user system") {
    return Malformed("cpuacct.usage_all header", View(text));
  }
  std::vector<CpuTime> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<absl::string_view> f = absl::StrSplit(lines[i], ' ');
    CpuTime t;
    uint64_t cpu = 0;
    if (f.size() != 3 || !ParseUnsigned(f[0], &cpu) || cpu > 65535 ||
        !ParseUnsigned(f[1], &t.user_ns) || !ParseUnsigned(f[2], &t.system_ns)) {
      return Malformed("cpuacct.usage_all line", lines[i]);
    }
    t.cpu = static_cast<int>(cpu);
    out.push_back(t);
  }
  return out;
}

absl::StatusOr<CpuTotals> ParseCpuacctStat(std::string_view text) {
  absl::StatusOr<FlatKeyed> keys = ParseFlatKeyed(text);
  if (!keys.ok()) return keys.status();
  auto user = keys->find("user");
  auto system = keys->find("system");
  if (user == keys->end() || system == keys->end()) {
    return Malformed("cpuacct.stat", View(text));
  }
  constexpr uint64_t kNsPerTick = 1'000'000'000 / kUserHz;
  return CpuTotals{user->second * kNsPerTick, system->second * kNsPerTick};
}

absl::StatusOr<CpuTotals> ParseCpuStatV2(std::string_view text) {
  absl::StatusOr<FlatKeyed> keys = ParseFlatKeyed(text);
  if (!keys.ok()) return keys.status();
  auto user = keys->find("user_usec");
  auto system = keys->find("system_usec");
  if (user == keys->end() || system == keys->end()) return Malformed("cpu.stat", View(text));
  return CpuTotals{user->second * 1000, system->second * 1000};
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
  for (absl::string_view line : absl::StrSplit(OneLine(text), '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    uint64_t v = 0;
    if (f.size() == 2 && f[0] == "Total" && ParseUnsigned(f[1], &v)) continue;
    uint32_t major = 0;
    uint32_t minor = 0;
    if (f.size() != 3 || !ParseDevice(f[0], &major, &minor) || !ParseUnsigned(f[2], &v)) {
      return Malformed("blkio line", line);
    }
    BlkioOps& ops = out[{major, minor}];
    if (f[1] == "Read") ops.read = v;
    if (f[1] == "Write") ops.write = v;
    if (f[1] == "Discard") ops.discard = v;
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
  for (const auto& [id, ops] : bytes) {
    IoDeviceStats& d = device(id);
    d.read_bytes = ops.read;
    d.write_bytes = ops.write;
    d.discard_bytes = ops.discard;
  }
  for (const auto& [id, ops] : ios) {
    IoDeviceStats& d = device(id);
    d.read_ios = ops.read;
    d.write_ios = ops.write;
    d.discard_ios = ops.discard;
  }
  for (const auto& [id, ops] : merged) {
    IoDeviceStats& d = device(id);
    d.read_merged = ops.read;
    d.write_merged = ops.write;
  }
  for (const auto& [id, ops] : time) {
    IoDeviceStats& d = device(id);
    d.read_time_ns = ops.read;
    d.write_time_ns = ops.write;
  }
  std::vector<IoDeviceStats> out;
  for (const auto& entry : devices) out.push_back(entry.second);
  return out;
}

}  // namespace procview
