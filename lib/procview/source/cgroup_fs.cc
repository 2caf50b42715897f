// cgroup_fs.cc: the real CgroupTree and CgroupSource. All cgroup file I/O
// is here; file names come from cgroup_files, parsing from parse/.
#include "lib/procview/source/cgroup_fs.h"

#include <dirent.h>

#include <algorithm>
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
#include "lib/procview/source/cgroup_blkio.h"
#include "lib/procview/source/cgroup_files.h"
#include "lib/procview/source/cgroup_layout.h"
#include "lib/procview/source/cgroup_location.h"
#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

// v1 cgroups by controller ("memory"), found by string_view.
using Locations = std::map<std::string, Location, std::less<>>;

// The v1 hierarchies whose cgroup lists the container's tasks, by preference.
constexpr const char* kTaskHierarchies[] = {"cpu", "cpuacct", "memory", "cpuset", "blkio",
                                            "pids"};

class FsCgroup : public CgroupSource {
 public:
  FsCgroup(CgroupLayout layout, Locations v1, std::optional<Location> unified, bool read_quota)
      : read_quota_(read_quota),
        layout_(layout),
        v1_(std::move(v1)),
        unified_(std::move(unified)),
        cpuacct_(Find("cpuacct")),
        cpuset_(Find("cpuset")),
        cpu_(Find("cpu")),
        memory_(Find("memory")),
        tasks_(TaskLocation()) {}
  FsCgroup(const FsCgroup&) = delete;  // the locations below point into v1_
  FsCgroup& operator=(const FsCgroup&) = delete;

  CgroupLayout layout() const override { return layout_; }

  absl::StatusOr<MemoryReadings> Memory() const override { return ReadMemory(MemoryParts::kAll); }
  absl::StatusOr<MemoryReadings> Swap() const override {
    return ReadMemory(MemoryParts::kSwapOnly);
  }
  absl::StatusOr<MemoryReadings> MemoryWithoutSwap() const override {
    return ReadMemory(MemoryParts::kNoSwap);
  }

  absl::StatusOr<CpuReadings> Cpu() const override {
    // Filled and returned in place (one return of one object): CpuReadings
    // keeps its lists inline, so a move would copy them.
    absl::StatusOr<CpuReadings> cpu(absl::in_place);
    TextBuffer text;
    absl::Status ok = ReadCpuUsage(&*cpu, &text);
    if (ok.ok()) ok = ReadCpuPlacement(&*cpu, &text);
    if (!ok.ok()) cpu = std::move(ok);
    return cpu;
  }

  absl::StatusOr<CpuReadings> CpuPlacement() const override {
    // NotFound when Cpu() would be, without reading the usage files: files
    // that only count CPUs fall back to the host's in the same cases.
    ASSIGN_OR_RETURN(const Location* acct, cpuacct_);
    CpuReadings cpu;
    TextBuffer text;
    RETURN_IF_ERROR(ReadCpuPlacement(&cpu, &text));
    if (cpu.cpuset.empty() && !PathExists(acct->Dir())) {
      return absl::NotFoundError(absl::StrCat("cgroup gone: ", acct->Dir()));
    }
    return cpu;
  }

  absl::StatusOr<std::vector<IoDeviceStats>> Io() const override {
    ASSIGN_OR_RETURN(const Location* where, io_);
    const std::string& dir = where->Dir();
    if (where->v2) {
      TextBuffer buffer;
      ASSIGN_OR_RETURN(const std::string_view stat,
                       ReadIn(dir, CgroupReading::kIoBytes, true, &buffer));
      return ParseIoStat(stat);
    }
    return ReadBlkioStats(dir, &blkio_names_);
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
    TaskIds tasks;
    RETURN_IF_ERROR(TasksInto(&tasks));
    return std::vector<pid_t>(tasks.begin(), tasks.end());
  }

  absl::Status TasksInto(TaskIds* tasks) const override {
    tasks->clear();
    if (tasks_ == nullptr) return absl::NotFoundError("no hierarchy lists the cgroup's tasks");
    RETURN_IF_ERROR(CollectTasks(tasks_->Dir(), tasks_->v2, tasks));
    // A task moved between cgroups while they are listed may be seen twice.
    // The v1 kernel lists each cgroup's pids sorted: often nothing to sort.
    if (!std::is_sorted(tasks->begin(), tasks->end())) std::sort(tasks->begin(), tasks->end());
    tasks->erase(std::unique(tasks->begin(), tasks->end()), tasks->end());
    return absl::OkStatus();
  }

 private:
  // Each file is read into one stack buffer and parsed at once: no string
  // per file on this path, which meminfo and swaps take on every read. For
  // swaps only (kSwapOnly) memory.stat's totals are not read, nor on v1
  // the memory limit (v2's swap limit is memory.max + memory.swap.max);
  // without swap (kNoSwap) no swap file is.
  enum class MemoryParts { kAll, kSwapOnly, kNoSwap };
  absl::StatusOr<MemoryReadings> ReadMemory(MemoryParts parts) const {
    ASSIGN_OR_RETURN(const Location* where, memory_);
    return where->v2 ? ReadMemoryV2(*where, parts) : ReadMemoryV1(*where, parts);
  }

  absl::StatusOr<MemoryReadings> ReadMemoryV2(const Location& where, MemoryParts parts) const {
    MemoryReadings m;
    const std::string& dir = where.Dir();
    TextBuffer text;
    ASSIGN_OR_RETURN(m.limit, LowestLimit(where, CgroupReading::kMemoryLimit, &ParseV2Limit));
    ASSIGN_OR_RETURN(m.usage, ReadNumber(dir, CgroupReading::kMemoryUsage, true, &text));
    if (parts != MemoryParts::kSwapOnly) {
      ASSIGN_OR_RETURN(const std::string_view stat,
                       ReadIn(dir, CgroupReading::kMemoryStat, true, &text));
      ASSIGN_OR_RETURN(m.stat, ParseMemoryStatV2(stat));
    }
    if (parts == MemoryParts::kNoSwap) return m;
    ASSIGN_OR_RETURN(const std::optional<std::string_view> swap,
                     ReadIfIn(dir, CgroupReading::kSwapUsage, true, &text));
    m.swap_accounting = swap.has_value();
    if (m.swap_accounting) {
      ASSIGN_OR_RETURN(m.swap_usage, ParseU64File(*swap));
      ASSIGN_OR_RETURN(const Limit swap_limit,
                       LowestLimit(where, CgroupReading::kSwapLimit, &ParseV2Limit));
      if (m.limit && swap_limit) m.memsw_limit = *m.limit + *swap_limit;
    }
    return m;
  }

  // v1 takes its limits from memory.stat's hierarchical_*_limit lines, which
  // the kernel computes when the file is read (live, as the walk up the
  // tree would be, and up to the real root); LowestLimit's walk only when
  // the file has none (older kernels). For swaps only the memsw line is
  // looked for (no total read), and only with swap accounting.
  // memory.swappiness only with swap accounting: swap is not shown without.
  absl::StatusOr<MemoryReadings> ReadMemoryV1(const Location& where, MemoryParts parts) const {
    MemoryReadings m;
    const std::string& dir = where.Dir();
    TextBuffer text;
    ASSIGN_OR_RETURN(m.usage, ReadNumber(dir, CgroupReading::kMemoryUsage, false, &text));
    V1StatedLimits stated;
    const bool swap_only = parts == MemoryParts::kSwapOnly;
    if (!swap_only) {
      ASSIGN_OR_RETURN(const std::string_view stat,
                       ReadIn(dir, CgroupReading::kMemoryStat, false, &text));
      ASSIGN_OR_RETURN(m.stat, ParseMemoryStatV1(stat, &stated));
      m.limit = stated.memory;
      if (!stated.has_memory) {
        ASSIGN_OR_RETURN(m.limit, LowestLimit(where, CgroupReading::kMemoryLimit, &ParseV1Limit));
      }
    }
    if (parts == MemoryParts::kNoSwap) return m;
    ASSIGN_OR_RETURN(const std::optional<std::string_view> memsw,
                     ReadIfIn(dir, CgroupReading::kMemswUsage, false, &text));
    m.swap_accounting = memsw.has_value();
    if (!m.swap_accounting) return m;
    ASSIGN_OR_RETURN(const uint64_t memsw_usage, ParseU64File(*memsw));
    m.swap_usage = memsw_usage > m.usage ? memsw_usage - m.usage : 0;
    if (swap_only) {
      ASSIGN_OR_RETURN(const std::string_view stat,
                       ReadIn(dir, CgroupReading::kMemoryStat, false, &text));
      ASSIGN_OR_RETURN(stated, FindV1StatedMemswLimit(stat));
    }
    m.memsw_limit = stated.memsw;
    if (!stated.has_memsw) {
      ASSIGN_OR_RETURN(m.memsw_limit,
                       LowestLimit(where, CgroupReading::kMemswLimit, &ParseV1Limit));
    }
    ASSIGN_OR_RETURN(const std::optional<std::string_view> swappiness,
                     ReadIfIn(dir, CgroupReading::kSwappiness, false, &text));
    if (swappiness) {
      ASSIGN_OR_RETURN(m.swappiness, ParseU64File(*swappiness));
    }
    return m;
  }

  // A file of one number (usage), read into `text`.
  static absl::StatusOr<uint64_t> ReadNumber(const std::string& dir, CgroupReading reading,
                                             bool v2, TextBuffer* text) {
    ASSIGN_OR_RETURN(const std::string_view number, ReadIn(dir, reading, v2, text));
    return ParseU64File(number);
  }

  // The usage fields of CpuReadings (cpuacct, or cpu.stat on v2), each file
  // read into `text`.
  absl::Status ReadCpuUsage(CpuReadings* cpu, TextBuffer* text) const {
    ASSIGN_OR_RETURN(const Location* acct, cpuacct_);
    if (acct->v2) {
      ASSIGN_OR_RETURN(const std::string_view stat,
                       ReadIn(acct->Dir(), CgroupReading::kCpuUsageTotal, true, text));
      ASSIGN_OR_RETURN(const CpuTotals totals, ParseCpuStatV2(stat));
      cpu->user_ns = totals.user_ns;
      cpu->system_ns = totals.system_ns;
      return absl::OkStatus();
    }
    absl::StatusOr<std::string_view> all =
        ReadIn(acct->Dir(), CgroupReading::kCpuUsagePerCpu, false, text);
    if (all.ok()) {
      RETURN_IF_ERROR(ParseCpuacctUsageAllInto(*all, &cpu->per_cpu));
      for (const CpuTime& t : cpu->per_cpu) {
        cpu->user_ns += t.user_ns;
        cpu->system_ns += t.system_ns;
      }
      return absl::OkStatus();
    }
    if (!absl::IsNotFound(all.status())) return all.status();
    // Kernels before 4.7 have no usage_all.
    ASSIGN_OR_RETURN(const std::string_view stat,
                     ReadIn(acct->Dir(), CgroupReading::kCpuUsageTotal, false, text));
    ASSIGN_OR_RETURN(const CpuTotals totals, ParseCpuacctStat(stat));
    cpu->user_ns = totals.user_ns;
    cpu->system_ns = totals.system_ns;
    return absl::OkStatus();
  }

  // The cpuset and quota fields of CpuReadings. Both are optional: an absent
  // controller or file means "unknown" and "no quota". Files are read into
  // `text`.
  absl::Status ReadCpuPlacement(CpuReadings* cpu, TextBuffer* text) const {
    if (cpuset_.ok()) {
      absl::StatusOr<std::string_view> list =
          ReadIn((*cpuset_)->Dir(), CgroupReading::kCpuset, (*cpuset_)->v2, text);
      if (list.ok()) {
        RETURN_IF_ERROR(ParseCpuListInto(*list, &cpu->cpuset));
      } else if (!absl::IsNotFound(list.status())) {
        return list.status();
      }
    }
    if (cpu_.ok() && read_quota_) {
      ASSIGN_OR_RETURN(cpu->quota_cpus, LowestQuota(**cpu_));
    }
    return absl::OkStatus();
  }

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

  // The cgroup whose task file Tasks() reads; null when there is none.
  const Location* TaskLocation() const {
    if (layout_ == CgroupLayout::kV2) return unified_ ? &*unified_ : nullptr;
    for (const char* controller : kTaskHierarchies) {
      auto it = v1_.find(controller);
      if (it != v1_.end()) return &it->second;
    }
    return nullptr;
  }

  const bool read_quota_;  // see CgroupFs::Create
  const CgroupLayout layout_;
  const Locations v1_;  // controller -> its cgroup
  const std::optional<Location> unified_;
  // Find() of the CPU controllers, done once: every CPU file reads them.
  const absl::StatusOr<const Location*> cpuacct_;
  const absl::StatusOr<const Location*> cpuset_;
  const absl::StatusOr<const Location*> cpu_;
  const absl::StatusOr<const Location*> memory_;  // likewise for meminfo and swaps reads
  const Location* const tasks_;  // TaskLocation(), found once
  // Find() of the I/O controller, done once (after the members it reads).
  const absl::StatusOr<const Location*> io_ =
      Find(layout_ == CgroupLayout::kV2 ? "io" : "blkio");
  mutable BlkioNames blkio_names_;  // which blkio files io_ has (v1), found by Io()
};

// "/a/b" with no "." or ".." component; "/" is the root.
absl::Status CheckCgroupPath(const std::string& path) {
  if (path == "/") return absl::OkStatus();
  return CheckRelpath(std::string_view(path).substr(1));
}

}  // namespace

absl::StatusOr<std::unique_ptr<CgroupFs>> CgroupFs::Create(std::string root, bool read_quota) {
  ASSIGN_OR_RETURN(const CgroupLayout layout, DetectCgroupLayout(root));
  return std::make_unique<CgroupFs>(std::move(root), layout, read_quota);
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
    return std::unique_ptr<CgroupSource>(new FsCgroup(layout_, {}, unified, read_quota_));
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
  return std::unique_ptr<CgroupSource>(new FsCgroup(layout_, std::move(v1), unified, read_quota_));
}

}  // namespace procview
