// cgroup_values.h: pure parsers of cgroup v1 and v2 files (limits, cpu
// bandwidth, memory.stat, cpu accounting, I/O statistics).
#ifndef PROCVIEW_PARSE_CGROUP_VALUES_H_
#define PROCVIEW_PARSE_CGROUP_VALUES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// v1 values at or above this mean "no limit" (PAGE_COUNTER_MAX pages in
// bytes is 0x7ffffffffffff000 on 64-bit hosts).
inline constexpr uint64_t kV1NoLimitThreshold = uint64_t{1} << 62;
// USER_HZ: the tick of cpuacct.stat (100 on every Linux ABI).
inline constexpr uint64_t kUserHz = 100;

// A file holding one unsigned number ("123\n"). InvalidArgument otherwise.
absl::StatusOr<uint64_t> ParseU64File(std::string_view text);
// A v1 limit (memory.limit_in_bytes, memsw): nullopt when >= 2^62.
absl::StatusOr<Limit> ParseV1Limit(std::string_view text);
// A v2 limit (memory.max, memory.swap.max): "max" is nullopt.
absl::StatusOr<Limit> ParseV2Limit(std::string_view text);

// v2 cpu.max "QUOTA PERIOD" ("max 100000", "50000 100000") in CPUs.
// nullopt = no quota.
absl::StatusOr<std::optional<double>> ParseCpuMax(std::string_view text);
// v1 cpu.cfs_quota_us (-1 = no quota) and cpu.cfs_period_us, in CPUs.
absl::StatusOr<std::optional<double>> ParseCfsQuota(std::string_view quota_text,
                                                    std::string_view period_text);
// True when cpu.cfs_quota_us says "no quota" (-1): then the period need
// not be read.
bool CfsQuotaUnset(std::string_view quota_text);

// "key value" lines (memory.stat, cpu.stat, cpuacct.stat), in file order.
// Values must be unsigned numbers. InvalidArgument on any other line.
using FlatKeyed = std::map<std::string, uint64_t, std::less<>>;
absl::StatusOr<FlatKeyed> ParseFlatKeyed(std::string_view text);

// memory.stat into MemoryStat: v1 reads the hierarchical total_* keys, v2
// its own names. Missing keys stay 0 (kernels differ in what they print);
// lines it does not read are not checked. InvalidArgument when the value of
// a key it reads is not a number, or without total_rss (v1) / anon (v2).
absl::StatusOr<MemoryStat> ParseMemoryStatV1(std::string_view text);
absl::StatusOr<MemoryStat> ParseMemoryStatV2(std::string_view text);

// User and system time, in nanoseconds.
struct CpuTotals {
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
};
// v1 cpuacct.usage_all ("cpu user system" header, then "N USER_NS SYS_NS").
absl::StatusOr<std::vector<CpuTime>> ParseCpuacctUsageAll(std::string_view text);
// v1 cpuacct.stat ("user TICKS", "system TICKS"; ticks of kUserHz).
absl::StatusOr<CpuTotals> ParseCpuacctStat(std::string_view text);
// v2 cpu.stat (user_usec, system_usec).
absl::StatusOr<CpuTotals> ParseCpuStatV2(std::string_view text);

// v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..".
// Unknown keys are ignored.
absl::StatusOr<std::vector<IoDeviceStats>> ParseIoStat(std::string_view text);

// One v1 blkio.*_recursive file: per device, the Read/Write/Discard values
// (Sync/Async/Total lines and the trailing "Total N" are skipped).
struct BlkioOps {
  uint64_t read = 0;
  uint64_t write = 0;
  uint64_t discard = 0;
};
using BlkioTable = std::map<std::pair<uint32_t, uint32_t>, BlkioOps>;
absl::StatusOr<BlkioTable> ParseBlkio(std::string_view text);
// The v1 files combined into per-device stats, sorted by device. `merged`
// and `time` may be empty tables (files absent on this kernel).
std::vector<IoDeviceStats> CombineBlkio(const BlkioTable& bytes, const BlkioTable& ios,
                                        const BlkioTable& merged, const BlkioTable& time);

}  // namespace procview

#endif  // PROCVIEW_PARSE_CGROUP_VALUES_H_
