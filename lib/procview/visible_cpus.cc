// visible_cpus.cc: the container's CPUs.
#include "lib/procview/visible_cpus.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>

namespace procview {

void VisibleHostCpus(const CpuReadings& cpu, absl::Span<const int> host_online, bool use_quota,
                     CpuList* visible) {
  // The kernel lists online CPUs in ascending order: then no sorted copy.
  CpuList sorted;
  if (std::adjacent_find(host_online.begin(), host_online.end(), std::greater_equal<int>()) !=
      host_online.end()) {
    sorted.assign(host_online.begin(), host_online.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    host_online = sorted;
  }
  visible->clear();
  for (int host_cpu : host_online) {
    if (std::binary_search(cpu.cpuset.begin(), cpu.cpuset.end(), host_cpu)) {
      visible->push_back(host_cpu);
    }
  }
  if (visible->empty()) visible->assign(host_online.begin(), host_online.end());
  if (use_quota && cpu.quota_cpus && *cpu.quota_cpus > 0) {
    // 1.5 CPUs of quota can keep two CPUs busy part of the time: show two.
    const double wanted = std::ceil(*cpu.quota_cpus);
    const size_t count = std::max<size_t>(1, static_cast<size_t>(std::min(
                                                 wanted, static_cast<double>(visible->size()))));
    if (count < visible->size()) visible->resize(count);
  }
}

std::vector<int> VisibleHostCpus(const CpuReadings& cpu, absl::Span<const int> host_online,
                                 bool use_quota) {
  CpuList visible;
  VisibleHostCpus(cpu, host_online, use_quota, &visible);
  return std::vector<int>(visible.begin(), visible.end());
}

}  // namespace procview
