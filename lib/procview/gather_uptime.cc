// gather_uptime.cc: /proc/uptime from the host's and the container init's
// start time; idle from the container's CPU time when its cgroup has one.
#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lib/procview/gather.h"
#include "lib/procview/gather_cpus.h"
#include "lib/procview/gather_tasks.h"
#include "lib/procview/parse/uptime.h"
#include "lib/procview/render/uptime.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/visible_cpus.h"

namespace procview {

absl::StatusOr<std::string> GatherUptime(const GatherInputs& in) {
  UptimeInputs values;
  ASSIGN_OR_RETURN(values.init_start_ticks, InitStartTicks(in));
  {
    TextBuffer buffer;  // a few bytes: no string per read
    ASSIGN_OR_RETURN(const std::string_view host_uptime,
                     in.host.ReadInto(HostSource::Root::kProc, "uptime", &buffer));
    ASSIGN_OR_RETURN(values.host, ParseUptime(host_uptime));
  }
  CpuNumbers online;  // on the stack: only its size and members are wanted
  RETURN_IF_ERROR(HostOnlineCpusInto(in.host, &online));
  values.host_cpus = online.size();
  const long ticks = sysconf(_SC_CLK_TCK);
  values.ticks_per_second = ticks > 0 ? static_cast<uint64_t>(ticks) : 0;
  // Without a cpu controller the container still has an age: it sees the
  // host's CPUs, and its idle time follows the host's.
  absl::StatusOr<CpuReadings> cpu = in.cgroup.Cpu();
  if (cpu.ok()) {
    CpuList visible;  // on the stack: only its size is wanted
    VisibleHostCpus(*cpu, online, in.options.cpu_view_from_quota, &visible);
    values.visible_cpus = visible.size();
    values.busy_ns = cpu->user_ns + cpu->system_ns;
  } else if (absl::IsNotFound(cpu.status())) {
    values.visible_cpus = online.size();
  } else {
    return cpu.status();
  }
  return RenderUptime(values);
}

}  // namespace procview
