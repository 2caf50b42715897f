// gather_cpus.cc: online and visible CPUs.
#include "lib/procview/gather_cpus.h"

#include <string>

#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/visible_cpus.h"

namespace procview {

absl::StatusOr<std::vector<int>> HostOnlineCpus(const HostSource& host) {
  TextBuffer buffer;
  absl::StatusOr<std::string_view> list =
      host.ReadInto(HostSource::Root::kSys, "devices/system/cpu/online", &buffer);
  if (list.ok()) {
    absl::StatusOr<std::vector<int>> cpus = ParseCpuList(*list);
    if (cpus.ok() && !cpus->empty()) return cpus;
  }
  ASSIGN_OR_RETURN(const std::string text, host.ReadProc("stat"));
  return ParseOnlineCpus(text);
}

absl::StatusOr<std::vector<int>> ContainerCpus(const Options& options, const HostSource& host,
                                               const CpuReadings& cpu) {
  ASSIGN_OR_RETURN(const std::vector<int> online, HostOnlineCpus(host));
  return VisibleHostCpus(cpu, online, options.cpu_view_from_quota);
}

absl::StatusOr<std::vector<int>> ContainerCpus(const GatherInputs& in) {
  ASSIGN_OR_RETURN(const CpuReadings cpu, in.cgroup.CpuPlacement());
  return ContainerCpus(in.options, in.host, cpu);
}

std::optional<std::vector<int>> ContainerCpusIfCpusetOnline(const Options& options,
                                                           const CpuReadings& cpu) {
  if (cpu.cpuset.empty()) return std::nullopt;
  return VisibleHostCpus(cpu, cpu.cpuset, options.cpu_view_from_quota);
}

}  // namespace procview
