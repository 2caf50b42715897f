// cgroup_files.cc: the v1 / v2 file-name table.
#include "lib/procview/source/cgroup_files.h"

#include <map>

namespace procview {

const CgroupFileNames& FilesOf(CgroupReading reading) {
  using R = CgroupReading;
  // A static object, not a leaked pointer: the daemon unloads old library
  // generations at a live reload, and this is destroyed with them.
  static const std::map<CgroupReading, CgroupFileNames> kTable{
      {R::kMemoryLimit, {"memory", {"memory.limit_in_bytes"}, {"memory.max"}}},
      {R::kMemoryUsage, {"memory", {"memory.usage_in_bytes"}, {"memory.current"}}},
      {R::kMemoryStat, {"memory", {"memory.stat"}, {"memory.stat"}}},
      {R::kMemswLimit, {"memory", {"memory.memsw.limit_in_bytes"}, {}}},
      {R::kMemswUsage, {"memory", {"memory.memsw.usage_in_bytes"}, {}}},
      {R::kSwapLimit, {"memory", {}, {"memory.swap.max"}}},
      {R::kSwapUsage, {"memory", {}, {"memory.swap.current"}}},
      {R::kSwappiness, {"memory", {"memory.swappiness"}, {}}},
      {R::kSlabinfo, {"memory", {"memory.kmem.slabinfo"}, {}}},
      {R::kCpuset, {"cpuset", {"cpuset.effective_cpus", "cpuset.cpus"},
                    {"cpuset.cpus.effective"}}},
      {R::kCpuQuota, {"cpu", {"cpu.cfs_quota_us"}, {"cpu.max"}}},
      {R::kCpuPeriod, {"cpu", {"cpu.cfs_period_us"}, {}}},
      {R::kCpuUsagePerCpu, {"cpuacct", {"cpuacct.usage_all"}, {}}},
      {R::kCpuUsageTotal, {"cpuacct", {"cpuacct.stat"}, {"cpu.stat"}}},
      // CFQ kernels (< 5.0) name the files without a prefix; later kernels
      // keep them under throttle. (counted for every bio passing a rule)
      // and bfq. (when BFQ schedules the device).
      {R::kIoBytes, {"blkio",
                     {"blkio.io_service_bytes_recursive",
                      "blkio.throttle.io_service_bytes_recursive",
                      "blkio.bfq.io_service_bytes_recursive"},
                     {"io.stat"}}},
      {R::kIoOps, {"blkio",
                   {"blkio.io_serviced_recursive", "blkio.throttle.io_serviced_recursive",
                    "blkio.bfq.io_serviced_recursive"},
                   {}}},
      {R::kIoMerged, {"blkio", {"blkio.io_merged_recursive", "blkio.bfq.io_merged_recursive"},
                      {}}},
      {R::kIoTime, {"blkio",
                    {"blkio.io_service_time_recursive", "blkio.bfq.io_service_time_recursive"},
                    {}}},
      {R::kCpuPressure, {"", {}, {"cpu.pressure"}}},
      {R::kIoPressure, {"", {}, {"io.pressure"}}},
      {R::kMemoryPressure, {"", {}, {"memory.pressure"}}},
      // Threads, as the kernel's loadavg counts them.
      {R::kTasks, {"cpu", {"tasks", "cgroup.procs"}, {"cgroup.threads", "cgroup.procs"}}},
  };
  return kTable.at(reading);
}

}  // namespace procview
