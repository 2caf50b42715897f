// visible_cpus.cc: the container's CPUs.
#include "lib/procview/visible_cpus.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace procview {

std::vector<int> VisibleHostCpus(const CpuReadings& cpu, const std::vector<int>& host_online,
                                 bool use_quota) {
  std::vector<int> online = host_online;
  std::sort(online.begin(), online.end());
  online.erase(std::unique(online.begin(), online.end()), online.end());
  std::vector<int> visible;
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
