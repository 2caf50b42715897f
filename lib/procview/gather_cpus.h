// gather_cpus.h: the host's online CPUs and the container's CPUs, read
// through a HostSource. Shared by every CPU-shaped file and by
// Procview::VisibleCpus, so all of them agree.
#ifndef PROCVIEW_GATHER_CPUS_H_
#define PROCVIEW_GATHER_CPUS_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/gather.h"
#include "lib/procview/procview.h"

namespace procview {

// Host CPUs that are online: the kernel's online mask as
// /sys/devices/system/cpu/online lists it ("0-3,5": a few bytes to parse,
// where /proc/stat says the same in its cpuN lines, a kilobyte or more).
// Where that file is missing or not a CPU list, the cpuN lines of the
// host's /proc/stat.
absl::StatusOr<std::vector<int>> HostOnlineCpus(const HostSource& host);

// The same into `*cpus`, on the stack for a small host (uptime reads it on
// every read).
absl::Status HostOnlineCpusInto(const HostSource& host, CpuNumbers* cpus);

// The container's CPUs in container order (see visible_cpus.h).
absl::StatusOr<std::vector<int>> ContainerCpus(const Options& options, const HostSource& host,
                                               const CpuReadings& cpu);

// The same for the container of `in`, reading only its cpuset and quota.
absl::StatusOr<std::vector<int>> ContainerCpus(const GatherInputs& in);

// ContainerCpus for a host where every CPU of the cpuset is online: the
// cpuset (its first CPUs under a quota), without reading the online list;
// nullopt when the cpuset is unknown. A caller that learns on its own
// whether those CPUs are online (cpuinfo: the host's text has a block for
// each online CPU, and no other) uses it when they are, and ContainerCpus
// when one of them is not.
std::optional<std::vector<int>> ContainerCpusIfCpusetOnline(const Options& options,
                                                           const CpuReadings& cpu);

}  // namespace procview

#endif  // PROCVIEW_GATHER_CPUS_H_
