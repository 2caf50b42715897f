// run_cgroup.cc: cgroup creation, limits and removal for `procview run`.
#include "frontends/cli/run_cgroup.h"

#include <errno.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "frontends/cli/file_io.h"

namespace procview::cli {
namespace {

constexpr char kCgroupRoot[] = "/sys/fs/cgroup";
constexpr int64_t kPeriodUs = 100000;

bool IsUnified() {
  struct statfs fs;
  return statfs(kCgroupRoot, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

std::string Trimmed(const absl::StatusOr<std::string>& text) {
  return text.ok() ? std::string(absl::StripAsciiWhitespace(*text)) : std::string();
}

}  // namespace

std::vector<CgroupWrite> LimitWritesV1(const CgroupLimits& limits) {
  std::vector<CgroupWrite> writes;
  if (limits.memory_bytes) {
    writes.push_back({"memory", "memory.limit_in_bytes", absl::StrCat(*limits.memory_bytes)});
  }
  if (!limits.cpus.empty()) writes.push_back({"cpuset", "cpuset.cpus", limits.cpus});
  if (limits.cpu_quota_us) {
    writes.push_back({"cpu", "cpu.cfs_period_us", absl::StrCat(kPeriodUs)});
    writes.push_back({"cpu", "cpu.cfs_quota_us", absl::StrCat(*limits.cpu_quota_us)});
  }
  return writes;
}

std::vector<CgroupWrite> LimitWritesV2(const CgroupLimits& limits) {
  std::vector<CgroupWrite> writes;
  if (limits.memory_bytes) writes.push_back({"", "memory.max", absl::StrCat(*limits.memory_bytes)});
  if (!limits.cpus.empty()) writes.push_back({"", "cpuset.cpus", limits.cpus});
  if (limits.cpu_quota_us) {
    writes.push_back({"", "cpu.max", absl::StrCat(*limits.cpu_quota_us, " ", kPeriodUs)});
  }
  return writes;
}

absl::StatusOr<std::string> OwnCgroup(absl::string_view proc_self_cgroup,
                                      absl::string_view controller) {
  for (absl::string_view line : absl::StrSplit(proc_self_cgroup, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits(':', 2));
    if (parts.size() != 3) continue;
    if (controller.empty()) {
      if (parts[0] == "0" && parts[1].empty()) return std::string(parts[2]);
      continue;
    }
    for (absl::string_view name : absl::StrSplit(parts[1], ',')) {
      if (name == controller) return std::string(parts[2]);
    }
  }
  return absl::NotFoundError(absl::StrCat("no cgroup for '", controller, "' in /proc/self/cgroup"));
}

absl::StatusOr<RunCgroup> RunCgroup::Create(const std::string& name, const CgroupLimits& limits) {
  RunCgroup group;
  if (IsUnified()) {
    const std::string dir = absl::StrCat(kCgroupRoot, "/", name);
    // Controllers must be enabled in the parent for the files to exist.
    for (const char* controller : {"+memory", "+cpu", "+cpuset"}) {
      WriteWholeFile(absl::StrCat(kCgroupRoot, "/cgroup.subtree_control"), controller)
          .IgnoreError();  // already on, or not available: the write below says
    }
    if (mkdir(dir.c_str(), 0755) != 0) return absl::ErrnoToStatus(errno, "mkdir " + dir);
    group.dirs_.push_back(dir);
    for (const CgroupWrite& write : LimitWritesV2(limits)) {
      absl::Status status = WriteWholeFile(absl::StrCat(dir, "/", write.file), write.value);
      if (!status.ok()) return status;
    }
    return group;
  }
  absl::StatusOr<std::string> own = ReadWholeFile("/proc/self/cgroup");
  if (!own.ok()) return own.status();
  for (const char* controller : {"memory", "cpuset", "cpu", "cpuacct"}) {
    absl::StatusOr<std::string> parent_path = OwnCgroup(*own, controller);
    if (!parent_path.ok()) continue;  // controller not mounted: no limit of that kind
    const std::string parent = absl::StrCat(kCgroupRoot, "/", controller,
                                            *parent_path == "/" ? "" : *parent_path);
    const std::string dir = absl::StrCat(parent, "/", name);
    if (mkdir(dir.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;  // co-mounted hierarchy (cpu,cpuacct) made already
      return absl::ErrnoToStatus(errno, "mkdir " + dir);
    }
    group.dirs_.push_back(dir);
    if (std::string(controller) == "cpuset") {
      // A new cpuset starts empty: inherit the parent's before narrowing.
      for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
        const std::string inherited = Trimmed(ReadWholeFile(absl::StrCat(parent, "/", file)));
        absl::Status status = WriteWholeFile(absl::StrCat(dir, "/", file), inherited);
        if (!status.ok()) return status;
      }
    }
  }
  for (const CgroupWrite& write : LimitWritesV1(limits)) {
    bool written = false;
    for (const std::string& dir : group.dirs_) {
      if (!PathExists(absl::StrCat(dir, "/", write.file))) continue;
      absl::Status status = WriteWholeFile(absl::StrCat(dir, "/", write.file), write.value);
      if (!status.ok()) return status;
      written = true;
      break;
    }
    if (!written) return absl::NotFoundError(absl::StrCat("no cgroup has ", write.file));
  }
  return group;
}

RunCgroup::~RunCgroup() { Remove(); }

absl::Status RunCgroup::Join(pid_t pid) const {
  for (const std::string& dir : dirs_) {
    absl::Status status =
        WriteWholeFile(absl::StrCat(dir, "/cgroup.procs"), absl::StrCat(pid == 0 ? getpid() : pid));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void RunCgroup::Remove() {
  for (const std::string& dir : dirs_) {
    for (int attempt = 0; attempt < 100 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
      const struct timespec ten_ms = {0, 10 * 1000 * 1000};
      nanosleep(&ten_ms, nullptr);
    }
  }
  dirs_.clear();
}

}  // namespace procview::cli
