// cgroup_files.h: the one place that says where each cgroup reading lives:
// its v1 controller and file name(s) and its v2 file name.
#ifndef PROCVIEW_SOURCE_CGROUP_FILES_H_
#define PROCVIEW_SOURCE_CGROUP_FILES_H_

#include <string_view>
#include <vector>

namespace procview {

enum class CgroupReading {
  kMemoryLimit,
  kMemoryUsage,
  kMemoryStat,
  kMemswLimit,     // v1 only
  kMemswUsage,     // v1 only
  kSwapLimit,      // v2 only
  kSwapUsage,      // v2 only
  kSwappiness,     // v1 only
  kSlabinfo,       // v1 only
  kCpuset,
  kCpuQuota,       // v1 cfs_quota_us; v2 cpu.max (quota and period)
  kCpuPeriod,      // v1 only
  kCpuUsagePerCpu, // v1 only
  kCpuUsageTotal,  // v1 cpuacct.stat, v2 cpu.stat
  kIoBytes,        // v1 bytes; v2 io.stat (everything)
  kIoOps,          // v1 only
  kIoMerged,       // v1 only, CFQ/BFQ kernels
  kIoTime,         // v1 only, CFQ/BFQ kernels
  kCpuPressure,    // v2 (and a hybrid host's unified hierarchy)
  kIoPressure,
  kMemoryPressure,
  kTasks,
};

struct CgroupFileNames {
  // The v1 hierarchy holding the file ("memory", "cpuacct", ...).
  std::string_view v1_controller;
  // v1 file names to try in order (kernels renamed some); empty: none on v1.
  std::vector<std::string_view> v1_files;
  // v2 file names to try in order; empty: none on v2.
  std::vector<std::string_view> v2_files;
};

// Where `reading` lives.
const CgroupFileNames& FilesOf(CgroupReading reading);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_FILES_H_
