// readings.h: plain values that sources deliver and renderers consume.
//
// Everything here is normalized across cgroup v1 and v2, so renderers never
// know which layout the host has. Sizes are bytes, times are nanoseconds
// unless a field says otherwise.
#ifndef PROCVIEW_READINGS_H_
#define PROCVIEW_READINGS_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"

namespace procview {

// A cgroup limit. std::nullopt means "no limit": v2 "max", or a v1 value of
// PAGE_COUNTER_MAX-ish size (>= 2^62). Never encode "no limit" as a number.
using Limit = std::optional<uint64_t>;

enum class CgroupLayout { kV1, kV2, kHybrid };

// memory.stat of one cgroup (hierarchical totals), in bytes.
// v1 names: total_rss, total_cache, ...; v2 names: anon, file, ...
struct MemoryStat {
  uint64_t anon = 0;            // v1 total_rss,            v2 anon
  uint64_t file = 0;            // v1 total_cache,          v2 file (includes shmem)
  uint64_t shmem = 0;           // v1 total_shmem,          v2 shmem
  uint64_t file_mapped = 0;     // v1 total_mapped_file,    v2 file_mapped
  uint64_t file_dirty = 0;      // v1 total_dirty,          v2 file_dirty
  uint64_t file_writeback = 0;  // v1 total_writeback,      v2 file_writeback
  uint64_t anon_thp = 0;        // v1 total_rss_huge,       v2 anon_thp
  uint64_t active_anon = 0;     // v1 total_active_anon,    v2 active_anon
  uint64_t inactive_anon = 0;   // v1 total_inactive_anon,  v2 inactive_anon
  uint64_t active_file = 0;     // v1 total_active_file,    v2 active_file
  uint64_t inactive_file = 0;   // v1 total_inactive_file,  v2 inactive_file
  uint64_t unevictable = 0;     // v1 total_unevictable,    v2 unevictable
  uint64_t slab_reclaimable = 0;    // v1: 0 (not reported), v2 slab_reclaimable
  uint64_t slab_unreclaimable = 0;  // v1: 0 (not reported), v2 slab_unreclaimable
  uint64_t kernel_stack = 0;    // v1: 0,                   v2 kernel_stack
  uint64_t pagetables = 0;      // v1: 0,                   v2 pagetables
};

// Memory state of a container's memory cgroup.
struct MemoryReadings {
  // Lowest memory limit on the path from the cgroup up to the root
  // (v1 memory.limit_in_bytes, v2 memory.max).
  Limit limit;
  // v1 memory.usage_in_bytes, v2 memory.current.
  uint64_t usage = 0;
  MemoryStat stat;
  // True when the kernel accounts swap per cgroup (v1 memory.memsw.* files
  // exist, v2 memory.swap.current exists).
  bool swap_accounting = false;
  // Lowest RAM+SWAP limit on the path to the root: v1 memory.memsw.limit_in_bytes;
  // v2 memory.max + memory.swap.max (unlimited if either is). Only meaningful
  // with swap_accounting.
  Limit memsw_limit;
  // Swap in use: v1 memsw.usage - usage (clamped at 0), v2 memory.swap.current.
  uint64_t swap_usage = 0;
  // v1 memory.swappiness of the cgroup; v2 has none (nullopt: use the host's).
  std::optional<uint64_t> swappiness;
};

// CPU time one CPU spent on behalf of the cgroup.
struct CpuTime {
  int cpu = 0;  // host CPU number
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
};

// Host CPU numbers, on the stack up to 64 of them: a cgroup's cpuset and
// the online CPUs are read on every read of a CPU-shaped file.
using CpuNumbers = absl::InlinedVector<int, 64>;

// Per-CPU usage, on the stack up to 16 CPUs (read on every read of /proc/stat).
using CpuTimes = absl::InlinedVector<CpuTime, 16>;

// CPU state of a container's cpu/cpuacct/cpuset cgroups.
struct CpuReadings {
  // Host CPU numbers the cgroup may run on, sorted ascending
  // (v1 cpuset.effective_cpus, v2 cpuset.cpus.effective). Empty = unknown.
  CpuNumbers cpuset;
  // Lowest quota/period on the path to the root, in CPUs (e.g. 1.5).
  // nullopt = no quota (v1 cfs_quota_us -1, v2 "max"), or not read (a
  // source made to read it only for a CPU view that follows the quota).
  std::optional<double> quota_cpus;
  // Totals (v1 cpuacct.usage_all / cpuacct.stat, v2 cpu.stat usage_usec split).
  uint64_t user_ns = 0;
  uint64_t system_ns = 0;
  // Per host CPU usage where the kernel reports it (v1 cpuacct.usage_all or
  // usage_percpu); empty on v2, which has no per-CPU accounting.
  CpuTimes per_cpu;
};

// I/O done by the cgroup on one block device (v1 blkio.*_recursive, v2 io.stat).
struct IoDeviceStats {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint64_t read_bytes = 0;
  uint64_t write_bytes = 0;
  uint64_t read_ios = 0;
  uint64_t write_ios = 0;
  uint64_t discard_bytes = 0;
  uint64_t discard_ios = 0;
  uint64_t read_merged = 0;       // v1 blkio.io_merged_recursive; v2: 0
  uint64_t write_merged = 0;      // v1 only
  uint64_t read_time_ns = 0;      // v1 blkio.io_service_time_recursive; v2: 0
  uint64_t write_time_ns = 0;     // v1 only
};

// Pids of a cgroup's tasks, on the stack up to 64 of them: /proc/stat and
// loadavg list a container's tasks on every read.
using TaskIds = absl::InlinedVector<pid_t, 64>;

enum class PressureResource { kCpu, kIo, kMemory };

}  // namespace procview

#endif  // PROCVIEW_READINGS_H_
