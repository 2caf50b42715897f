// cpuinfo.h: the container's /proc/cpuinfo.
//
// Only the visible CPUs (visible_cpus.h), in container order and numbered
// from 0. Fields that carry CPU numbers or topology are rewritten so every
// count agrees with the number of CPUs shown: each CPU appears as its own
// single-core package, as the iSula LXCFS documents for its cpuinfo
// (upstream LXCFS leaves them as the host's, which lets lscpu report host
// sockets and cores):
//   processor, s390x "cpu number"   0, 1, ...
//   physical id                     0, 1, ... (the container index)
//   siblings, cpu cores             1
//   core id                         0
//   s390x "# processors"            the number of visible CPUs
//   s390x "processor N: ..." lines  only the visible CPUs', renumbered
// Hardware ids (apicid, hart, address) and everything else stay the host's.
#ifndef PROCVIEW_RENDER_CPUINFO_H_
#define PROCVIEW_RENDER_CPUINFO_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {

// Renders /proc/cpuinfo for host CPUs `visible` (container cpu i is
// visible[i]) from the host's /proc/cpuinfo text, in one pass over it.
// InvalidArgument when the host text does not parse (as ParseCpuinfo) or
// `visible` is empty or repeats a CPU; FailedPrecondition when a visible CPU
// has no block in the host file (it is offline: the kernel lists exactly
// the online CPUs, which GatherCpuinfo relies on to skip the online list).
absl::StatusOr<std::string> RenderCpuinfo(std::string_view host, const std::vector<int>& visible);

}  // namespace procview

#endif  // PROCVIEW_RENDER_CPUINFO_H_
