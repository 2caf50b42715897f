// fake_sources.cc: map-backed sources for tests and benchmarks.
#include "lib/procview/source/fake_sources.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace {

absl::StatusOr<std::string> Find(const std::map<std::string, std::string>& files,
                                 std::string_view relpath, const char* root) {
  auto it = files.find(std::string(relpath));
  if (it == files.end()) return absl::NotFoundError(absl::StrCat(root, std::string(relpath)));
  return it->second;
}

template <typename T>
absl::StatusOr<T> Get(const std::optional<T>& value, const char* what) {
  if (!value) return absl::NotFoundError(absl::StrCat("controller absent: ", what));
  return *value;
}

}  // namespace

absl::StatusOr<std::string> MapHost::ReadProc(std::string_view relpath) const {
  return Find(proc, relpath, "/proc/");
}

absl::StatusOr<std::string> MapHost::ReadSys(std::string_view relpath) const {
  return Find(sys, relpath, "/sys/");
}

absl::StatusOr<MemoryReadings> ValuesCgroup::Memory() const { return Get(v_.memory, "memory"); }
absl::StatusOr<CpuReadings> ValuesCgroup::Cpu() const { return Get(v_.cpu, "cpu"); }
absl::StatusOr<std::vector<IoDeviceStats>> ValuesCgroup::Io() const {
  return Get(v_.io, "blkio");
}
absl::StatusOr<std::string> ValuesCgroup::Slabinfo() const {
  return Get(v_.slabinfo, "slabinfo");
}

absl::StatusOr<std::string> ValuesCgroup::Pressure(PressureResource resource) const {
  auto it = v_.pressure.find(resource);
  if (it == v_.pressure.end()) return absl::NotFoundError("no pressure file");
  return it->second;
}

absl::StatusOr<std::unique_ptr<CgroupSource>> MapTree::Open(
    std::string_view proc_pid_cgroup) const {
  auto it = containers.find(std::string(proc_pid_cgroup));
  if (it == containers.end()) return absl::NotFoundError("no such cgroup");
  return std::unique_ptr<CgroupSource>(new ValuesCgroup(it->second));
}

}  // namespace procview
