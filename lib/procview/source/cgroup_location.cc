// cgroup_location.cc: reads of one opened cgroup's files.
#include "lib/procview/source/cgroup_location.h"

#include <dirent.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

const std::vector<std::string_view>& NamesFor(CgroupReading reading, bool v2) {
  return v2 ? FilesOf(reading).v2_files : FilesOf(reading).v1_files;
}

// The first of `reading`'s files that exists in `dir`, or the NotFound of
// the last one tried, unexplained: for files an ancestor may lack (the v2
// root has no cpu.max), where the caller skips NotFound.
absl::StatusOr<std::string> ReadFirstIn(const std::string& dir, CgroupReading reading,
                                        bool v2) {
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  for (size_t i = 0; i < names.size(); ++i) {
    absl::StatusOr<std::string> text = ReadFileIn(dir, names[i]);
    if (i + 1 == names.size() || !absl::IsNotFound(text.status())) return text;
  }
  return absl::NotFoundError("no such file on this cgroup version");
}

}  // namespace

std::vector<std::string> Location::DirsUpToRoot(const std::string& hierarchy, std::string p) {
  std::vector<std::string> dirs;
  while (true) {
    dirs.push_back(JoinPath(hierarchy, p));
    while (!p.empty() && p.back() == '/') p.pop_back();
    if (p.empty()) break;
    p.erase(p.rfind('/'));
  }
  return dirs;
}

absl::StatusOr<std::string> ReadIn(const std::string& dir, CgroupReading reading, bool v2) {
  absl::StatusOr<std::string> text = ReadFirstIn(dir, reading, v2);
  if (!absl::IsNotFound(text.status())) return text;
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  if (!PathExists(dir)) return absl::NotFoundError(absl::StrCat("cgroup gone: ", dir));
  std::string message = "no ";  // without temporaries: optional files end here on every read
  for (const std::string_view& name : names) {
    message.append(&name == names.data() ? "" : " or ").append(name.data(), name.size());
  }
  message.append(names.empty() ? "such file in " : " in ").append(dir);
  return absl::NotFoundError(message);
}

absl::StatusOr<Limit> LowestLimit(const Location& where, CgroupReading reading,
                                  absl::StatusOr<Limit> (*parse)(std::string_view)) {
  Limit lowest;
  bool own = true;
  for (const std::string& dir : where.dirs_up_to_root) {
    absl::StatusOr<std::string> text =
        own ? ReadIn(dir, reading, where.v2) : ReadFirstIn(dir, reading, where.v2);
    if (absl::IsNotFound(text.status()) && !own) continue;
    if (!text.ok()) return text.status();
    own = false;
    ASSIGN_OR_RETURN(const Limit limit, parse(*text));
    if (limit && (!lowest || *limit < *lowest)) lowest = limit;
  }
  return lowest;
}

absl::StatusOr<std::optional<double>> LowestQuota(const Location& where) {
  std::optional<double> lowest;
  for (const std::string& dir : where.dirs_up_to_root) {
    absl::StatusOr<std::string> quota = ReadFirstIn(dir, CgroupReading::kCpuQuota, where.v2);
    if (absl::IsNotFound(quota.status())) continue;
    if (!quota.ok()) return quota.status();
    std::optional<double> cpus;
    if (!where.v2 && CfsQuotaUnset(*quota)) continue;  // no quota here: its period is moot
    if (where.v2) {
      ASSIGN_OR_RETURN(cpus, ParseCpuMax(*quota));
    } else {
      ASSIGN_OR_RETURN(const std::string period,
                       ReadIn(dir, CgroupReading::kCpuPeriod, where.v2));
      ASSIGN_OR_RETURN(cpus, ParseCfsQuota(*quota, period));
    }
    if (cpus && (!lowest || *cpus < *lowest)) lowest = cpus;
  }
  return lowest;
}

// Pids listed in `top`'s task file and its descendants', breadth first
// (nearest first), looking at no more than kMaxTaskCgroups cgroups and
// keeping no more than kMaxTasks pids: a container that makes thousands of
// sub-cgroups must not make every read of its files (and the sampler's
// ticks) expensive for the whole daemon. `top`'s own file must be readable;
// descendants removed meanwhile are skipped.
absl::Status CollectTasks(const std::string& top, bool v2, std::vector<pid_t>* out) {
  // The queue is `top` then `below[visited - 1 ...]`: no copy of `top`, and
  // no allocation at all for a cgroup without sub-cgroups (the usual case).
  std::vector<std::string> below;
  size_t visited = 0;
  while (visited <= below.size() && visited < kMaxTaskCgroups && out->size() < kMaxTasks) {
    const bool own = visited == 0;
    // Stays valid while `below` grows: it is reserved up front (see below).
    const std::string& dir = own ? top : below[visited - 1];
    ++visited;
    absl::StatusOr<std::string> text = ReadIn(dir, CgroupReading::kTasks, v2);
    if (!text.ok()) {
      if (own || !absl::IsNotFound(text.status())) return text.status();
      continue;  // removed meanwhile: its tasks are gone too
    }
    for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
      pid_t pid = 0;
      if (!absl::SimpleAtoi(line, &pid) || pid <= 0) {
        return absl::InvalidArgumentError(absl::StrCat("malformed pid \"", line, "\" in ", dir));
      }
      if (out->size() == kMaxTasks) break;
      out->push_back(pid);
    }
    // Queued but not yet visited: below.size() - (visited - 1).
    if (below.size() + 1 >= kMaxTaskCgroups) continue;  // enough queued already
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) continue;  // removed meanwhile
    while (struct dirent* entry = readdir(d)) {
      const std::string_view name = entry->d_name;
      if (entry->d_type != DT_DIR || name == "." || name == "..") continue;
      if (below.empty()) below.reserve(kMaxTaskCgroups);  // never reallocates after
      below.push_back(JoinPath(dir, name));
      if (below.size() + 1 >= kMaxTaskCgroups) break;
    }
    closedir(d);
  }
  return absl::OkStatus();
}

}  // namespace procview
