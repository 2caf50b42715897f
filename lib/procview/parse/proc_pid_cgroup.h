// proc_pid_cgroup.h: parser of /proc/PID/cgroup text, which names the
// process's cgroup in each hierarchy ("4:memory:/a/b", "0::/c").
#ifndef PROCVIEW_PARSE_PROC_PID_CGROUP_H_
#define PROCVIEW_PARSE_PROC_PID_CGROUP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace procview {

struct ProcPidCgroup {
  // v1: each controller (and each "name=X" hierarchy) -> its cgroup path.
  // "3:cpu,cpuacct:/y" gives both "cpu" and "cpuacct" the path "/y".
  std::map<std::string, std::string> controllers;
  // The same lines' controller lists as written ("cpu,cpuacct"), which is
  // how a v1 hierarchy directory is named when it is not split by symlinks.
  std::map<std::string, std::string> hierarchy_names;
  // The v2 ("0::") path, when the text has one.
  std::optional<std::string> unified;
};

// Parses lines "ID:CONTROLLERS:PATH". The path is everything after the
// second ':' (cgroup names may hold ':' and ' '). InvalidArgument on a line
// that has fewer fields, a non-numeric id, or a path not starting with '/'
// (what a cgroup name with a newline leaves behind).
absl::StatusOr<ProcPidCgroup> ParseProcPidCgroup(std::string_view text);

}  // namespace procview

#endif  // PROCVIEW_PARSE_PROC_PID_CGROUP_H_
