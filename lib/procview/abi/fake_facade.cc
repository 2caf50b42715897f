// fake_facade.cc: a stand-in for the procview facade, for tests of the C ABI
// and of front ends that load libprocview.so (no I/O, no cgroups).
//
// It defines the two facade symbols the ABI layer uses (Procview::Create and
// PathOf). Its files are self-checking text so a reader can tell a complete,
// well-formed file from a torn one:
//   "<path> line <i> pid <reader>\n" for i in 0..N-1, then "end <bytes before>\n".
// Special reader pids give errors or a host fallback (see FakeProcview::Render).

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/procview.h"

namespace procview {
namespace {

// Lines per file: cpuinfo is large (spans several FUSE reads), the /sys
// files are one line like the real ones.
int LineCount(File file) {
  switch (file) {
    case File::kCpuinfo:
      return 400;
    case File::kCpuOnline:
    case File::kCpuPresent:
    case File::kCpuPossible:
      return 1;
    default:
      return 40;
  }
}

class FakeProcview : public Procview {
 public:
  explicit FakeProcview(const Options& options) : options_(options) {}

  // Reader pids < 0 are test hooks: -1 NotFound, -2 PermissionDenied,
  // -3 InvalidArgument, -4 Internal. Reader 0 gets a host fallback. File
  // kSwaps reports the options it was created with.
  absl::StatusOr<Rendered> Render(File file, pid_t reader) override {
    switch (reader) {
      case -1: return absl::NotFoundError("fake: no such reader");
      case -2: return absl::PermissionDeniedError("fake: denied");
      case -3: return absl::InvalidArgumentError("fake: bad argument");
      case -4: return absl::InternalError("fake: internal");
      default: break;
    }
    Rendered out;
    out.container_init = reader == 0 ? 0 : reader + 1000;
    out.cgroup_text = absl::StrCat("0::/fake/", reader, "\n");
    out.host_fallback = reader == 0;
    if (out.host_fallback) out.fallback_reason = "fake: reader 0 is the host";
    if (file == File::kSwaps) {
      out.text = absl::StrCat("swap=", int{options_.swap},
                              " cfs=", int{options_.cpu_view_from_quota},
                              " loadavg=", int{options_.loadavg}, " proc_root=", options_.proc_root,
                              " sys_root=", options_.sys_root,
                              " cgroup_root=", options_.cgroup_root, "\n");
      return out;
    }
    // Debian's abseil has its own string_view, not std::string_view.
    const std::string path(PathOf(file));
    for (int i = 0; i < LineCount(file); ++i) {
      absl::StrAppend(&out.text, path, " line ", i);
      absl::StrAppend(&out.text, " pid ", reader, "\n");
    }
    absl::StrAppend(&out.text, "end ", out.text.size(), "\n");
    return out;
  }

  absl::StatusOr<Rendered> RenderForCgroup(File file, const CgroupSource&, pid_t init) override {
    return Render(file, init);
  }

  // Container CPUs are host CPUs 2 and 3 for any real reader.
  absl::StatusOr<std::vector<int>> VisibleCpus(pid_t reader) override {
    if (reader < 0) return absl::NotFoundError("fake: no such reader");
    return std::vector<int>{2, 3};
  }

 private:
  const Options options_;
};

}  // namespace

std::string_view PathOf(File file) {
  switch (file) {
    case File::kMeminfo: return "proc/meminfo";
    case File::kCpuinfo: return "proc/cpuinfo";
    case File::kStat: return "proc/stat";
    case File::kUptime: return "proc/uptime";
    case File::kDiskstats: return "proc/diskstats";
    case File::kSwaps: return "proc/swaps";
    case File::kSlabinfo: return "proc/slabinfo";
    case File::kLoadavg: return "proc/loadavg";
    case File::kPressureCpu: return "proc/pressure/cpu";
    case File::kPressureIo: return "proc/pressure/io";
    case File::kPressureMemory: return "proc/pressure/memory";
    case File::kCpuOnline: return "sys/devices/system/cpu/online";
    case File::kCpuPresent: return "sys/devices/system/cpu/present";
    case File::kCpuPossible: return "sys/devices/system/cpu/possible";
  }
  return "";
}

// Fails for proc_root "/fail", so tests can see create() errors.
absl::StatusOr<std::unique_ptr<Procview>> Procview::Create(const Options& options) {
  if (options.proc_root == "/fail") return absl::NotFoundError("fake: /fail does not exist");
  return std::unique_ptr<Procview>(new FakeProcview(options));
}

}  // namespace procview
