// visible_cpus.h: which host CPUs a container sees, and in which order (its
// cpu0 is the first). One rule for every file, so cpuinfo, /proc/stat and
// the /sys cpu files always agree.
#ifndef PROCVIEW_VISIBLE_CPUS_H_
#define PROCVIEW_VISIBLE_CPUS_H_

#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "lib/procview/readings.h"

namespace procview {

// Host CPU numbers, on the stack up to 64 of them: /proc/stat lists the
// online and visible CPUs on every read.
using CpuList = absl::InlinedVector<int, 64>;

// The container's CPUs: its cpuset, in ascending host order, restricted to
// `host_online` (CPUs the host has online; a cpuset may name offline ones);
// all of `host_online` when the cpuset is unknown or names none of them.
// With `use_quota` (--enable-cfs) and a quota, only the first
// ceil(quota) of them, and at least one. Written to `*visible`.
void VisibleHostCpus(const CpuReadings& cpu, absl::Span<const int> host_online, bool use_quota,
                     CpuList* visible);

// The same as a vector.
std::vector<int> VisibleHostCpus(const CpuReadings& cpu, absl::Span<const int> host_online,
                                 bool use_quota);

}  // namespace procview

#endif  // PROCVIEW_VISIBLE_CPUS_H_
