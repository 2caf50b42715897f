// visible_cpus.cc: the container's CPUs.
#include "lib/procview/visible_cpus.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "lib/procview/parse/cpu_list.h"

namespace procview {

std::vector<int> VisibleHostCpus(const CpuReadings& cpu, const std::vector<int>& host_online,
                                 bool use_quota) {
  // The kernel lists online CPUs in ascending order: then no sorted copy.
  std::vector<int> sorted;
  if (!StrictlyAscending(host_online)) {
    sorted = host_online;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  }
  const std::vector<int>& online = sorted.empty() ? host_online : sorted;
  std::vector<int> visible;
  visible.reserve(online.size());
  for (int host_cpu : online) {
    if (std::binary_search(cpu.cpuset.begin(), cpu.cpuset.end(), host_cpu)) {
      visible.push_back(host_cpu);
    }
  }
  if (visible.empty()) visible = online;
  if (use_quota && cpu.quota_cpus && *cpu.quota_cpus > 0) {
    // 1.5 CPUs of quota can keep two CPUs busy part of the time: show two.
    const double wanted = std::ceil(*cpu.quota_cpus);
    const size_t count = std::max<size_t>(1, static_cast<size_t>(std::min(
                                                 wanted, static_cast<double>(visible.size()))));
    if (count < visible.size()) visible.resize(count);
  }
  return visible;
}

}  // namespace procview
