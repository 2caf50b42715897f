// rendered.cc: what the API's result type computes on request.
#include <string>
#include <string_view>

#include "lib/procview/procview.h"

namespace procview {

// Scans with inlined std::string_view searches and copies only the answer.
std::string Rendered::CgroupPath() const {
  std::string_view proc_pid_cgroup = cgroup_text;
  std::string_view first;
  std::string_view unified;
  while (!proc_pid_cgroup.empty()) {
    // "hierarchy-id:controllers:path"
    const size_t eol = proc_pid_cgroup.find('\n');
    const std::string_view line = proc_pid_cgroup.substr(0, eol);
    proc_pid_cgroup.remove_prefix(eol == std::string_view::npos ? proc_pid_cgroup.size()
                                                                : eol + 1);
    const size_t colon1 = line.find(':');
    const size_t colon2 =
        line.find(':', colon1 == std::string_view::npos ? line.size() : colon1 + 1);
    if (colon2 == std::string_view::npos) continue;
    const std::string_view controllers = line.substr(colon1 + 1, colon2 - colon1 - 1);
    const std::string_view path = line.substr(colon2 + 1);
    for (std::string_view rest = controllers; !rest.empty();) {
      const size_t comma = rest.find(',');
      if (rest.substr(0, comma) == "memory") return std::string(path);
      rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
    }
    if (controllers.empty() && line.substr(0, colon1) == "0") unified = path;
    if (first.empty()) first = path;
  }
  return std::string(unified.empty() ? first : unified);
}

}  // namespace procview
