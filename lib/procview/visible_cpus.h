// visible_cpus.h: which host CPUs a container sees, and in which order (its
// cpu0 is the first). One rule for every file, so cpuinfo, /proc/stat and
// the /sys cpu files always agree.
#ifndef PROCVIEW_VISIBLE_CPUS_H_
#define PROCVIEW_VISIBLE_CPUS_H_

#include <vector>

#include "lib/procview/readings.h"

namespace procview {

// The container's CPUs: its cpuset, in ascending host order, restricted to
// `host_online` (CPUs the host has online; a cpuset may name offline ones);
// all of `host_online` when the cpuset is unknown or names none of them.
// With `use_quota` (--enable-cfs) and a quota, only the first
// ceil(quota) of them, and at least one.
std::vector<int> VisibleHostCpus(const CpuReadings& cpu, const std::vector<int>& host_online,
                                 bool use_quota);

}  // namespace procview

#endif  // PROCVIEW_VISIBLE_CPUS_H_
