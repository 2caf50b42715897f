// cpu_list.h: the kernel's CPU list format ("0-3,8,10-11"), as in
// cpuset.cpus, cpuset.effective_cpus and /sys/devices/system/cpu/online.
#ifndef PROCVIEW_PARSE_CPU_LIST_H_
#define PROCVIEW_PARSE_CPU_LIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// Highest CPU number accepted; the kernel's NR_CPUS limit is 8192.
inline constexpr int kMaxCpuNumber = 65535;

// Parses a CPU list into sorted, unique CPU numbers. An empty list (or just
// "\n") is no CPUs. InvalidArgument on anything else than comma-separated
// "N" or "N-M" with N <= M <= kMaxCpuNumber.
absl::StatusOr<std::vector<int>> ParseCpuList(std::string_view text);

// The same into `*cpus` (replacing its contents; empty on an error), on the
// stack for a small host: a cgroup's cpuset is parsed on every read of /proc/stat.
absl::Status ParseCpuListInto(std::string_view text, CpuNumbers* cpus);

// Whether `cpus` is in strictly ascending order (so sorted, without
// repeats): the kernel's order, which lets callers skip a sorted copy.
bool StrictlyAscending(const std::vector<int>& cpus);

// Formats sorted, unique CPU numbers the way the kernel prints them
// ("0-3,8"), without a trailing newline.
std::string FormatCpuList(const std::vector<int>& cpus);

}  // namespace procview

#endif  // PROCVIEW_PARSE_CPU_LIST_H_
