// cpu_sysfs.h: the container's /sys/devices/system/cpu/{online,present,possible}.
//
// All three are "0-(n-1)" for the n visible CPUs, so sysconf's
// _SC_NPROCESSORS_ONLN and _SC_NPROCESSORS_CONF, nproc and getconf agree
// with cpuinfo and /proc/stat (LXCFS only rewrites online).
#ifndef PROCVIEW_RENDER_CPU_SYSFS_H_
#define PROCVIEW_RENDER_CPU_SYSFS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace procview {

// "0\n" for one CPU, "0-(n-1)\n" for more. InvalidArgument when n is 0.
absl::StatusOr<std::string> RenderCpuRange(size_t n);

}  // namespace procview

#endif  // PROCVIEW_RENDER_CPU_SYSFS_H_
