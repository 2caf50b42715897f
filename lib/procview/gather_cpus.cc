// gather_cpus.cc: online and visible CPUs.
#include "lib/procview/gather_cpus.h"

#include <string>

#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/visible_cpus.h"

namespace procview {

absl::Status HostOnlineCpusInto(const HostSource& host, CpuNumbers* cpus) {
  {
    TextBuffer buffer;
    absl::StatusOr<std::string_view> list =
        host.ReadInto(HostSource::Root::kSys, "devices/system/cpu/online", &buffer);
    if (list.ok() && ParseCpuListInto(*list, cpus).ok() && !cpus->empty()) {
      return absl::OkStatus();
    }
  }
  ASSIGN_OR_RETURN(const std::string text, host.ReadProc("stat"));
  ASSIGN_OR_RETURN(const std::vector<int> online, ParseOnlineCpus(text));
  cpus->assign(online.begin(), online.end());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int>> HostOnlineCpus(const HostSource& host) {
  CpuNumbers cpus;
  RETURN_IF_ERROR(HostOnlineCpusInto(host, &cpus));
  return std::vector<int>(cpus.begin(), cpus.end());
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
