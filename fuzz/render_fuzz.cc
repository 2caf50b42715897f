// render_fuzz.cc: every served file rendered from arbitrary host and cgroup
// file contents. The input's first byte picks the cgroup layout and options;
// the rest, split at NUL bytes, becomes the files below (in order) of a
// scratch host /proc, /sys and cgroupfs. Files past the last piece are
// absent. Real sources (HostFs, CgroupFs) read them, so this covers the
// file-to-readings code as well as gather and the renderers.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fuzz/fuzz_pieces.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/host_fs.h"

namespace procview {
namespace {

// The reader whose cgroup text is fixed (its cgroups are the files below),
// and one whose /proc/PID/cgroup text is itself a piece.
constexpr pid_t kReader = 100;
constexpr pid_t kOddReader = 101;

const std::vector<std::string>& HostFiles() {
  static const auto* const kFiles = new std::vector<std::string>{
      "proc/meminfo",         "proc/cpuinfo",     "proc/stat",
      "proc/uptime",          "proc/diskstats",   "proc/loadavg",
      "proc/swaps",           "proc/slabinfo",    "proc/sys/vm/swappiness",
      "proc/100/stat",        "proc/100/status",  "proc/101/cgroup",
      "proc/pressure/cpu",    "proc/pressure/io", "proc/pressure/memory",
      "sys/devices/system/cpu/online", "sys/devices/system/cpu/present",
      "sys/devices/system/cpu/possible",
  };
  return *kFiles;
}

const std::vector<std::string>& V1Files() {
  static const auto* const kFiles = new std::vector<std::string>{
      "memory/c/memory.limit_in_bytes",  "memory/c/memory.usage_in_bytes",
      "memory/c/memory.stat",            "memory/c/memory.memsw.limit_in_bytes",
      "memory/c/memory.memsw.usage_in_bytes", "memory/c/memory.swappiness",
      "memory/c/memory.kmem.slabinfo",   "memory/memory.limit_in_bytes",
      "cpuset/c/cpuset.effective_cpus",  "cpu/c/cpu.cfs_quota_us",
      "cpu/c/cpu.cfs_period_us",         "cpu/cpu.cfs_quota_us",
      "cpu/cpu.cfs_period_us",           "cpu/c/tasks",
      "cpuacct/c/cpuacct.usage_all",     "cpuacct/c/cpuacct.stat",
      "blkio/c/blkio.throttle.io_service_bytes_recursive",
      "blkio/c/blkio.throttle.io_serviced_recursive",
      "blkio/c/blkio.bfq.io_merged_recursive",
      "blkio/c/blkio.bfq.io_service_time_recursive",
  };
  return *kFiles;
}

const std::vector<std::string>& V2Files() {
  static const auto* const kFiles = new std::vector<std::string>{
      "c/memory.max",       "c/memory.current",      "c/memory.stat",
      "c/memory.swap.max",  "c/memory.swap.current", "c/cpuset.cpus.effective",
      "c/cpu.max",          "c/cpu.stat",            "c/io.stat",
      "c/cpu.pressure",     "c/io.pressure",         "c/memory.pressure",
      "c/cgroup.threads",   "memory.max",            "cpu.max",
  };
  return *kFiles;
}

// A scratch directory made once per process (tmpfs when there is one).
const std::string& ScratchRoot() {
  static const auto* const kRoot = [] {
    std::string pattern =
        std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/pvfuzz.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) abort();
    return new std::string(pattern);
  }();
  static const int kCleanup = std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(*kRoot, ignored);
  });
  (void)kCleanup;
  return *kRoot;
}

// Writes `text` to root/rel (creating its directory the first time), or
// removes it when `present` is false. Plain syscalls: this runs ~40 times
// per input.
void Put(const std::string& root, const std::string& rel, std::string_view text, bool present) {
  const std::string path = root + "/" + rel;
  if (!present) {
    unlink(path.c_str());
    return;
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) abort();
  }
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) abort();
    done += static_cast<size_t>(n);
  }
  close(fd);
}

// Maps every reader to itself (each is its own container's init).
class SelfResolver : public ContainerResolver {
 public:
  absl::StatusOr<pid_t> ContainerInit(pid_t reader) override { return reader; }
};

}  // namespace
}  // namespace procview

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace procview;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  const std::vector<std::string_view> pieces = FuzzPieces(data + 1, size - 1);
  const bool v2 = (selector & 1) != 0;
  const std::string root = ScratchRoot();
  const std::string cgroup_root = root + (v2 ? "/cgroup2" : "/cgroup1");

  size_t next = 0;
  auto put_all = [&](const std::string& dir, const std::vector<std::string>& files) {
    for (const std::string& rel : files) {
      Put(dir, rel, PieceOr(pieces, next), next < pieces.size());
      ++next;
    }
  };
  put_all(root, HostFiles());
  put_all(cgroup_root, v2 ? V2Files() : V1Files());
  Put(root, "proc/100/cgroup",
      v2 ? "0::/c\n"
         : "9:memory:/c\n8:cpuset:/c\n7:cpu,cpuacct:/c\n6:blkio:/c\n",
      true);
  Options options;
  options.proc_root = root + "/proc";
  options.sys_root = root + "/sys";
  options.cgroup_root = cgroup_root;
  options.swap = (selector & 2) != 0;
  options.cpu_view_from_quota = (selector & 4) != 0;
  std::unique_ptr<Procview> view = Procview::CreateWithSources(
      options, std::make_unique<HostFs>(options.proc_root, options.sys_root),
      std::make_unique<CgroupFs>(cgroup_root, v2 ? CgroupLayout::kV2 : CgroupLayout::kV1),
      std::make_unique<SelfResolver>());
  for (File file : AllFiles()) {
    absl::StatusOr<Rendered> out = view->Render(file, kReader);
    if (out.ok()) FUZZ_CHECK(out->text.size() < (size_t{64} << 20));
  }
  // Again: the second /proc/stat goes through the per-container history.
  (void)view->Render(File::kStat, kReader);
  (void)view->VisibleCpus(kReader);
  // The reader whose own /proc/PID/cgroup text is fuzzed: path handling.
  (void)view->Render(File::kMeminfo, kOddReader);
  (void)view->VisibleCpus(kOddReader);
  return 0;
}
