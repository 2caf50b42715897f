// fake_sources.h: map-backed HostSource, CgroupSource and CgroupTree for
// tests and benchmarks (no I/O).
#ifndef PROCVIEW_SOURCE_FAKE_SOURCES_H_
#define PROCVIEW_SOURCE_FAKE_SOURCES_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview {

// Host files by relative path ("meminfo", "1234/cgroup"). Missing: NotFound.
class MapHost : public HostSource {
 public:
  std::map<std::string, std::string> proc;
  std::map<std::string, std::string> sys;
  absl::StatusOr<std::string> ReadProc(std::string_view relpath) const override;
  absl::StatusOr<std::string> ReadSys(std::string_view relpath) const override;
};

// One container's cgroups. A missing optional field answers NotFound.
struct CgroupValues {
  CgroupLayout layout = CgroupLayout::kV1;
  std::optional<MemoryReadings> memory;
  std::optional<CpuReadings> cpu;
  std::optional<std::vector<IoDeviceStats>> io;
  std::optional<std::string> slabinfo;
  std::map<PressureResource, std::string> pressure;
  std::vector<pid_t> tasks;
};

class ValuesCgroup : public CgroupSource {
 public:
  explicit ValuesCgroup(CgroupValues values) : v_(std::move(values)) {}
  CgroupLayout layout() const override { return v_.layout; }
  absl::StatusOr<MemoryReadings> Memory() const override;
  absl::StatusOr<CpuReadings> Cpu() const override;
  absl::StatusOr<std::vector<IoDeviceStats>> Io() const override;
  absl::StatusOr<std::string> Slabinfo() const override;
  absl::StatusOr<std::string> Pressure(PressureResource resource) const override;
  absl::StatusOr<std::vector<pid_t>> Tasks() const override { return v_.tasks; }

 private:
  CgroupValues v_;
};

// Opens the container whose /proc/PID/cgroup text it was given (a copy of
// its values, taken at Open). Unknown text: NotFound.
class MapTree : public CgroupTree {
 public:
  CgroupLayout tree_layout = CgroupLayout::kV1;
  std::map<std::string, CgroupValues> containers;  // cgroup text -> values
  CgroupLayout layout() const override { return tree_layout; }
  absl::StatusOr<std::unique_ptr<CgroupSource>> Open(
      std::string_view proc_pid_cgroup) const override;
};

}  // namespace procview

#endif  // PROCVIEW_SOURCE_FAKE_SOURCES_H_
