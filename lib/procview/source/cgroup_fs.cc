// cgroup_fs.cc: the real CgroupTree and CgroupSource. All cgroup file I/O
// is here; file names come from cgroup_files, parsing from parse/.
#include "lib/procview/source/cgroup_fs.h"

#include <dirent.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/proc_pid_cgroup.h"
#include "lib/procview/source/cgroup_files.h"
#include "lib/procview/source/cgroup_layout.h"
#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

// A cgroup inside one hierarchy, with its directories joined once when the
// cgroup is opened, so reads join no paths.
struct Location {
  Location(const std::string& hierarchy, const std::string& path, bool v2)
      : dirs_up_to_root(DirsUpToRoot(hierarchy, path)), v2(v2) {}

  const std::string& Dir() const { return dirs_up_to_root.front(); }

  // The cgroup's directory, then each ancestor's up to the hierarchy root.
  std::vector<std::string> dirs_up_to_root;
  bool v2 = false;  // a cgroup2 hierarchy: use the v2 file names

 private:
  // `path` is "/a/b" as in /proc/PID/cgroup; `hierarchy` its root directory.
  static std::vector<std::string> DirsUpToRoot(const std::string& hierarchy, std::string p) {
    std::vector<std::string> dirs;
    while (true) {
      dirs.push_back(JoinPath(hierarchy, p));
      while (!p.empty() && p.back() == '/') p.pop_back();
      if (p.empty()) break;
      p.erase(p.rfind('/'));
    }
    return dirs;
  }
};

// v1 cgroups by controller ("memory"), found by string_view.
using Locations = std::map<std::string, Location, std::less<>>;

// The v1 hierarchies whose cgroup lists the container's tasks, by preference.
constexpr const char* kTaskHierarchies[] = {"cpu", "cpuacct", "memory", "cpuset", "blkio",
                                            "pids"};

const std::vector<std::string_view>& NamesFor(CgroupReading reading, bool v2) {
  return v2 ? FilesOf(reading).v2_files : FilesOf(reading).v1_files;
}

// Reads the first of `reading`'s files that exists in `dir`.
absl::StatusOr<std::string> ReadIn(const std::string& dir, CgroupReading reading, bool v2) {
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  for (std::string_view name : names) {
    absl::StatusOr<std::string> text = ReadFileIn(dir, name);
    if (!absl::IsNotFound(text.status())) return text;
  }
  if (!PathExists(dir)) return absl::NotFoundError(absl::StrCat("cgroup gone: ", dir));
  std::string message = "no ";  // without temporaries: optional files end here on every read
  for (const std::string_view& name : names) {
    message.append(&name == names.data() ? "" : " or ").append(name.data(), name.size());
  }
  message.append(names.empty() ? "such file in " : " in ").append(dir);
  return absl::NotFoundError(message);
}

// The lowest limit on the path from `where` up to its root. The cgroup's
// own file must exist; ancestors without one (the v2 root) are skipped.
absl::StatusOr<Limit> LowestLimit(const Location& where, CgroupReading reading,
                                  absl::StatusOr<Limit> (*parse)(std::string_view)) {
  Limit lowest;
  bool own = true;
  for (const std::string& dir : where.dirs_up_to_root) {
    absl::StatusOr<std::string> text = ReadIn(dir, reading, where.v2);
    if (absl::IsNotFound(text.status()) && !own) continue;
    if (!text.ok()) return text.status();
    own = false;
    ASSIGN_OR_RETURN(const Limit limit, parse(*text));
    if (limit && (!lowest || *limit < *lowest)) lowest = limit;
  }
  return lowest;
}

// The lowest CPU quota on the path; nullopt when none is set (or the cpu
// controller is absent).
absl::StatusOr<std::optional<double>> LowestQuota(const Location& where) {
  std::optional<double> lowest;
  for (const std::string& dir : where.dirs_up_to_root) {
    absl::StatusOr<std::string> quota = ReadIn(dir, CgroupReading::kCpuQuota, where.v2);
    if (absl::IsNotFound(quota.status())) continue;
    if (!quota.ok()) return quota.status();
    std::optional<double> cpus;
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
  std::deque<std::string> queue = {top};
  size_t visited = 0;
  while (!queue.empty() && visited < kMaxTaskCgroups && out->size() < kMaxTasks) {
    const std::string dir = std::move(queue.front());
    queue.pop_front();
    const bool own = visited++ == 0;
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
    if (visited + queue.size() >= kMaxTaskCgroups) continue;  // enough queued already
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) continue;  // removed meanwhile
    while (struct dirent* entry = readdir(d)) {
      const std::string_view name = entry->d_name;
      if (entry->d_type != DT_DIR || name == "." || name == "..") continue;
      queue.push_back(JoinPath(dir, name));
      if (visited + queue.size() >= kMaxTaskCgroups) break;
    }
    closedir(d);
  }
  return absl::OkStatus();
}

class FsCgroup : public CgroupSource {
 public:
  FsCgroup(CgroupLayout layout, Locations v1, std::optional<Location> unified)
      : layout_(layout), v1_(std::move(v1)), unified_(std::move(unified)) {}

  CgroupLayout layout() const override { return layout_; }

  absl::StatusOr<MemoryReadings> Memory() const override {
    ASSIGN_OR_RETURN(const Location* where, Find("memory"));
    MemoryReadings m;
    const bool v2 = where->v2;
    const std::string& dir = where->Dir();
    ASSIGN_OR_RETURN(m.limit, LowestLimit(*where, CgroupReading::kMemoryLimit,
                                          v2 ? &ParseV2Limit : &ParseV1Limit));
    ASSIGN_OR_RETURN(const std::string usage, ReadIn(dir, CgroupReading::kMemoryUsage, v2));
    ASSIGN_OR_RETURN(m.usage, ParseU64File(usage));
    ASSIGN_OR_RETURN(const std::string stat, ReadIn(dir, CgroupReading::kMemoryStat, v2));
    ASSIGN_OR_RETURN(m.stat, v2 ? ParseMemoryStatV2(stat) : ParseMemoryStatV1(stat));
    if (v2) {
      absl::StatusOr<std::string> swap = ReadIn(dir, CgroupReading::kSwapUsage, v2);
      if (!swap.ok() && !absl::IsNotFound(swap.status())) return swap.status();
      m.swap_accounting = swap.ok();
      if (m.swap_accounting) {
        ASSIGN_OR_RETURN(m.swap_usage, ParseU64File(*swap));
        ASSIGN_OR_RETURN(const Limit swap_limit,
                         LowestLimit(*where, CgroupReading::kSwapLimit, &ParseV2Limit));
        if (m.limit && swap_limit) m.memsw_limit = *m.limit + *swap_limit;
      }
      return m;
    }
    absl::StatusOr<std::string> memsw = ReadIn(dir, CgroupReading::kMemswUsage, v2);
    if (!memsw.ok() && !absl::IsNotFound(memsw.status())) return memsw.status();
    m.swap_accounting = memsw.ok();
    if (m.swap_accounting) {
      ASSIGN_OR_RETURN(const uint64_t memsw_usage, ParseU64File(*memsw));
      m.swap_usage = memsw_usage > m.usage ? memsw_usage - m.usage : 0;
      ASSIGN_OR_RETURN(m.memsw_limit,
                       LowestLimit(*where, CgroupReading::kMemswLimit, &ParseV1Limit));
    }
    absl::StatusOr<std::string> swappiness = ReadIn(dir, CgroupReading::kSwappiness, v2);
    if (swappiness.ok()) {
      ASSIGN_OR_RETURN(m.swappiness, ParseU64File(*swappiness));
    } else if (!absl::IsNotFound(swappiness.status())) {
      return swappiness.status();
    }
    return m;
  }

  absl::StatusOr<CpuReadings> Cpu() const override {
    CpuReadings cpu;
    ASSIGN_OR_RETURN(const Location* acct, Find("cpuacct"));
    if (acct->v2) {
      ASSIGN_OR_RETURN(const std::string stat,
                       ReadIn(acct->Dir(), CgroupReading::kCpuUsageTotal, true));
      ASSIGN_OR_RETURN(const CpuTotals totals, ParseCpuStatV2(stat));
      cpu.user_ns = totals.user_ns;
      cpu.system_ns = totals.system_ns;
    } else {
      absl::StatusOr<std::string> all = ReadIn(acct->Dir(), CgroupReading::kCpuUsagePerCpu, false);
      if (all.ok()) {
        ASSIGN_OR_RETURN(cpu.per_cpu, ParseCpuacctUsageAll(*all));
        for (const CpuTime& t : cpu.per_cpu) {
          cpu.user_ns += t.user_ns;
          cpu.system_ns += t.system_ns;
        }
      } else if (absl::IsNotFound(all.status())) {  // kernels before 4.7
        ASSIGN_OR_RETURN(const std::string stat,
                         ReadIn(acct->Dir(), CgroupReading::kCpuUsageTotal, false));
        ASSIGN_OR_RETURN(const CpuTotals totals, ParseCpuacctStat(stat));
        cpu.user_ns = totals.user_ns;
        cpu.system_ns = totals.system_ns;
      } else {
        return all.status();
      }
    }
    // cpuset and quota are optional: an absent controller means "unknown"
    // and "no quota".
    if (absl::StatusOr<const Location*> cpuset = Find("cpuset"); cpuset.ok()) {
      absl::StatusOr<std::string> list =
          ReadIn((*cpuset)->Dir(), CgroupReading::kCpuset, (*cpuset)->v2);
      if (list.ok()) {
        ASSIGN_OR_RETURN(cpu.cpuset, ParseCpuList(*list));
      } else if (!absl::IsNotFound(list.status())) {
        return list.status();
      }
    }
    if (absl::StatusOr<const Location*> quota = Find("cpu"); quota.ok()) {
      ASSIGN_OR_RETURN(cpu.quota_cpus, LowestQuota(**quota));
    }
    return cpu;
  }

  absl::StatusOr<std::vector<IoDeviceStats>> Io() const override {
    ASSIGN_OR_RETURN(const Location* where, Find(layout_ == CgroupLayout::kV2 ? "io" : "blkio"));
    const std::string& dir = where->Dir();
    if (where->v2) {
      ASSIGN_OR_RETURN(const std::string stat, ReadIn(dir, CgroupReading::kIoBytes, true));
      return ParseIoStat(stat);
    }
    ASSIGN_OR_RETURN(const BlkioTable bytes, Blkio(dir, CgroupReading::kIoBytes, true));
    ASSIGN_OR_RETURN(const BlkioTable ios, Blkio(dir, CgroupReading::kIoOps, true));
    ASSIGN_OR_RETURN(const BlkioTable merged, Blkio(dir, CgroupReading::kIoMerged, false));
    ASSIGN_OR_RETURN(const BlkioTable time, Blkio(dir, CgroupReading::kIoTime, false));
    return CombineBlkio(bytes, ios, merged, time);
  }

  absl::StatusOr<std::string> Slabinfo() const override {
    if (layout_ == CgroupLayout::kV2) {
      return absl::NotFoundError("cgroup v2 has no per-cgroup slabinfo");
    }
    ASSIGN_OR_RETURN(const Location* where, Find("memory"));
    return ReadIn(where->Dir(), CgroupReading::kSlabinfo, false);
  }

  absl::StatusOr<std::string> Pressure(PressureResource resource) const override {
    if (!unified_) return absl::NotFoundError("no cgroup2 hierarchy for pressure files");
    const CgroupReading reading = resource == PressureResource::kCpu ? CgroupReading::kCpuPressure
                                  : resource == PressureResource::kIo
                                      ? CgroupReading::kIoPressure
                                      : CgroupReading::kMemoryPressure;
    return ReadIn(unified_->Dir(), reading, true);
  }

  absl::StatusOr<std::vector<pid_t>> Tasks() const override {
    const Location* where = nullptr;
    if (layout_ == CgroupLayout::kV2) {
      where = &*unified_;
    } else {
      for (const char* controller : kTaskHierarchies) {
        auto it = v1_.find(controller);
        if (it != v1_.end()) {
          where = &it->second;
          break;
        }
      }
    }
    if (where == nullptr) return absl::NotFoundError("no hierarchy lists the cgroup's tasks");
    std::vector<pid_t> tasks;
    RETURN_IF_ERROR(CollectTasks(where->Dir(), where->v2, &tasks));
    std::sort(tasks.begin(), tasks.end());
    tasks.erase(std::unique(tasks.begin(), tasks.end()), tasks.end());
    return tasks;
  }

 private:
  // Where `controller` is: the unified cgroup on v2, its v1 hierarchy
  // otherwise. NotFound when the host or the process lacks it.
  absl::StatusOr<const Location*> Find(std::string_view controller) const {
    if (layout_ == CgroupLayout::kV2) {
      if (!unified_) return absl::NotFoundError("no cgroup2 path");
      return &*unified_;
    }
    auto it = v1_.find(controller);
    if (it == v1_.end()) {
      return absl::NotFoundError(absl::StrCat(
          "controller absent: ", absl::string_view(controller.data(), controller.size())));
    }
    return &it->second;
  }

  // One v1 blkio file; an empty table when optional and absent.
  static absl::StatusOr<BlkioTable> Blkio(const std::string& dir, CgroupReading reading,
                                          bool required) {
    absl::StatusOr<std::string> text = ReadIn(dir, reading, false);
    if (!required && absl::IsNotFound(text.status())) return BlkioTable();
    if (!text.ok()) return text.status();
    return ParseBlkio(*text);
  }

  const CgroupLayout layout_;
  const Locations v1_;  // controller -> its cgroup
  const std::optional<Location> unified_;
};

// "/a/b" with no "." or ".." component; "/" is the root.
absl::Status CheckCgroupPath(const std::string& path) {
  if (path == "/") return absl::OkStatus();
  return CheckRelpath(std::string_view(path).substr(1));
}

}  // namespace

absl::StatusOr<std::unique_ptr<CgroupFs>> CgroupFs::Create(std::string root) {
  ASSIGN_OR_RETURN(const CgroupLayout layout, DetectCgroupLayout(root));
  return std::make_unique<CgroupFs>(std::move(root), layout);
}

absl::StatusOr<std::unique_ptr<CgroupSource>> CgroupFs::Open(
    std::string_view proc_pid_cgroup) const {
  ASSIGN_OR_RETURN(const ProcPidCgroup parsed, ParseProcPidCgroup(proc_pid_cgroup));
  for (const auto& entry : parsed.controllers) RETURN_IF_ERROR(CheckCgroupPath(entry.second));
  if (parsed.unified) RETURN_IF_ERROR(CheckCgroupPath(*parsed.unified));

  std::optional<Location> unified;
  if (parsed.unified && layout_ != CgroupLayout::kV1) {
    const std::string hierarchy =
        layout_ == CgroupLayout::kV2 ? root_ : JoinPath(root_, kHybridUnifiedDir);
    Location where{hierarchy, *parsed.unified, true};
    if (PathExists(where.Dir())) unified = where;
  }
  if (layout_ == CgroupLayout::kV2) {
    if (!parsed.unified) return absl::NotFoundError("no cgroup2 (\"0::\") line");
    if (!unified) {
      return absl::NotFoundError(
          absl::StrCat("cgroup gone: ", JoinPath(root_, *parsed.unified)));
    }
    return std::unique_ptr<CgroupSource>(new FsCgroup(layout_, {}, unified));
  }

  Locations v1;
  std::vector<std::string> gone;
  for (const auto& [controller, path] : parsed.controllers) {
    // "name=systemd" lives at ROOT/systemd; a co-mounted "cpu,cpuacct" at
    // ROOT/cpu (a symlink) or ROOT/cpu,cpuacct.
    absl::string_view dir_name = controller;
    absl::ConsumePrefix(&dir_name, "name=");
    for (const std::string& name :
         {std::string(dir_name), parsed.hierarchy_names.at(controller)}) {
      const std::string hierarchy = JoinPath(root_, name);
      if (!PathExists(hierarchy)) continue;
      Location where{hierarchy, path, false};
      if (PathExists(where.Dir())) {
        v1.emplace(controller, std::move(where));
      } else {
        gone.push_back(where.Dir());
      }
      break;
    }
  }
  if (v1.empty()) {
    return absl::NotFoundError(gone.empty() ? "no v1 hierarchy of the process under the root"
                                            : absl::StrCat("cgroup gone: ", gone.front()));
  }
  return std::unique_ptr<CgroupSource>(new FsCgroup(layout_, std::move(v1), unified));
}

}  // namespace procview
