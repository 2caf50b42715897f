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

// A v1 limit in bytes as a Limit: nullopt (no limit) at or above
// kV1NoLimitThreshold.
inline Limit V1Limit(uint64_t bytes) {
  return bytes >= kV1NoLimitThreshold ? Limit() : Limit(bytes);
}

// The limits a v1 memory.stat states: hierarchical_memory_limit and
// hierarchical_memsw_limit, which the kernel computes when the file is read
// as the lowest limit of the cgroup and all its ancestors (up to the real
// root, above any cgroup namespace's root too, and only as far as
// use_hierarchy reaches on kernels that still had it). Kernels print the
// memsw line only with swap accounting.
struct V1StatedLimits {
  bool has_memory = false;  // the hierarchical_memory_limit line was read
  bool has_memsw = false;   // the hierarchical_memsw_limit line was read
  Limit memory;             // its value as V1Limit takes it
  Limit memsw;
};

// memory.stat into MemoryStat: v1 reads the hierarchical total_* keys, v2
// its own names. Missing keys stay 0 (kernels differ in what they print);
// lines it does not read are not checked. InvalidArgument when the value of
// a key it reads is not a number, or without total_rss (v1) / anon (v2).
// With `limits`, v1 also reads the hierarchical_*_limit lines into it (a
// line that is absent leaves its has_ false; one with a bad number is
// InvalidArgument).
absl::StatusOr<MemoryStat> ParseMemoryStatV1(std::string_view text,
                                             V1StatedLimits* limits = nullptr);
absl::StatusOr<MemoryStat> ParseMemoryStatV2(std::string_view text);
// The hierarchical_memsw_limit line of a v1 memory.stat alone, as
// ParseMemoryStatV1 reads it (the last one; InvalidArgument for a bad
// number), no total read: what /proc/swaps needs. has_memsw false when
// there is none; has_memory may be either.
absl::StatusOr<V1StatedLimits> FindV1StatedMemswLimit(std::string_view text);

// User and system time, in nanoseconds.
struct CpuTotals {
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
};
// v1 cpuacct.usage_all ("cpu user system" header, then "N USER_NS SYS_NS").
absl::StatusOr<CpuTimes> ParseCpuacctUsageAll(std::string_view text);
// The same into `*out` (replacing its contents; unspecified on an error):
// no list to move, as /proc/stat reads it on every read.
absl::Status ParseCpuacctUsageAllInto(std::string_view text, CpuTimes* out);
// v1 cpuacct.stat ("user TICKS", "system TICKS"; ticks of kUserHz).
absl::StatusOr<CpuTotals> ParseCpuacctStat(std::string_view text);
// v2 cpu.stat (user_usec, system_usec).
absl::StatusOr<CpuTotals> ParseCpuStatV2(std::string_view text);

// v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..".
// Unknown keys are ignored.
absl::StatusOr<std::vector<IoDeviceStats>> ParseIoStat(std::string_view text);

// Which IoDeviceStats fields one v1 blkio.*_recursive file's Read, Write
// and Discard values fill (null: not kept).
struct BlkioColumns {
  uint64_t IoDeviceStats::*read;
  uint64_t IoDeviceStats::*write;
  uint64_t IoDeviceStats::*discard;
};
// The four files a v1 cgroup's I/O is read from (merged and time have no
// Discard column in the kernel's output).
inline constexpr BlkioColumns kBlkioBytes{&IoDeviceStats::read_bytes, &IoDeviceStats::write_bytes,
                                          &IoDeviceStats::discard_bytes};
inline constexpr BlkioColumns kBlkioIos{&IoDeviceStats::read_ios, &IoDeviceStats::write_ios,
                                        &IoDeviceStats::discard_ios};
inline constexpr BlkioColumns kBlkioMerged{&IoDeviceStats::read_merged,
                                           &IoDeviceStats::write_merged, nullptr};
inline constexpr BlkioColumns kBlkioTime{&IoDeviceStats::read_time_ns,
                                         &IoDeviceStats::write_time_ns, nullptr};

// Adds one v1 blkio.*_recursive file to `devices`: per device, its Read,
// Write and Discard values go into `columns`' fields (Sync/Async/Total lines
// and the trailing "Total N" are skipped, their values unchecked). A device
// not in `devices` yet is appended; so parsing the files one after the other
// combines them, in the order the devices first appear. InvalidArgument on a
// line that is not "MAJ:MIN Op N" or "Total N" (`devices` may then hold part
// of the file).
absl::Status ParseBlkio(std::string_view text, const BlkioColumns& columns,
                        std::vector<IoDeviceStats>* devices);

}  // namespace procview

#endif  // PROCVIEW_PARSE_CGROUP_VALUES_H_
