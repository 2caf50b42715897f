// procview.h: the public C++ API of libprocview.
//
// Renders container-aware copies of /proc and /sys files for a reader
// process (or an explicit set of cgroups). This is the only header other
// runtimes need: options, the two source interfaces, and the facade.
// Nothing here does FUSE or logging; errors come back as absl::Status.
#ifndef PROCVIEW_PROCVIEW_H_
#define PROCVIEW_PROCVIEW_H_

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/procview/readings.h"

namespace procview {

// What a caller can tune. Field names follow LXCFS's flags where it has them.
struct Options {
  std::string proc_root = "/proc";            // host /proc
  std::string sys_root = "/sys";              // host /sys
  std::string cgroup_root = "/sys/fs/cgroup";  // host cgroupfs
  bool swap = true;                  // false: report no swap at all (LXCFS -u)
  bool cpu_view_from_quota = false;  // CPU count also follows quota (LXCFS --enable-cfs)
  bool loadavg = false;              // per-container loadavg sampler (LXCFS -l)
};

// The files procview serves, by their path under the mount point.
enum class File {
  kMeminfo,
  kCpuinfo,
  kStat,
  kUptime,
  kDiskstats,
  kSwaps,
  kSlabinfo,
  kLoadavg,
  kPressureCpu,
  kPressureIo,
  kPressureMemory,
  kCpuOnline,
  kCpuPresent,
  kCpuPossible,
};

// Every file, in a fixed order.
const std::vector<File>& AllFiles();
// "proc/meminfo", "sys/devices/system/cpu/online", ... (no leading slash).
std::string_view PathOf(File file);
// Accepts "meminfo", "proc/meminfo" or "/proc/meminfo" (and the same for the
// others). NotFound for anything procview does not serve.
absl::StatusOr<File> FileFromName(std::string_view name);

// Host-wide data: files under the host's /proc and /sys. All I/O of host
// files goes through here, so tests and benchmarks can use fixtures.
// Where a file that is parsed at once is read: on the stack when it fits
// (most are a number or ~0.3-3 kB), in `spill` when it does not. Reusable:
// each read replaces the text.
struct TextBuffer {
  static constexpr size_t kSize = 4096;
  char bytes[kSize];
  std::string spill;
};

class HostSource {
 public:
  enum class Root { kProc, kSys };

  virtual ~HostSource() = default;
  // Reads `relpath` under the host's /proc, e.g. "meminfo", "1234/cgroup",
  // "sys/vm/swappiness". NotFound when the file does not exist.
  virtual absl::StatusOr<std::string> ReadProc(std::string_view relpath) const = 0;
  // Reads `relpath` under the host's /sys, e.g. "devices/system/cpu/online".
  virtual absl::StatusOr<std::string> ReadSys(std::string_view relpath) const = 0;
  // ReadProc or ReadSys of `relpath` into `buffer`: the text, valid until
  // `buffer`'s next read, with the same statuses. For small files parsed at
  // once, read on every read (/proc/PID/stat, the online CPUs): a source
  // that can read into the buffer directly saves a string per read.
  virtual absl::StatusOr<std::string_view> ReadInto(Root root, std::string_view relpath,
                                                    TextBuffer* buffer) const {
    absl::StatusOr<std::string> text = root == Root::kProc ? ReadProc(relpath) : ReadSys(relpath);
    if (!text.ok()) return text.status();
    buffer->spill = *std::move(text);
    return std::string_view(buffer->spill);
  }
};

// Answers questions about one container's cgroups (one path per controller).
// Real implementations read cgroupfs (v1, v2 or hybrid); fakes hold values.
// NotFound means the cgroup or controller is gone or absent.
class CgroupSource {
 public:
  virtual ~CgroupSource() = default;
  virtual CgroupLayout layout() const = 0;
  virtual absl::StatusOr<MemoryReadings> Memory() const = 0;
  // What /proc/swaps needs: Memory()'s swap_accounting, swap_usage,
  // memsw_limit and swappiness, the same values Memory() would give. A
  // source may skip reading the rest (stat, and on v1 the limit) and leave
  // them unset; this default reads everything.
  virtual absl::StatusOr<MemoryReadings> Swap() const { return Memory(); }
  // Memory() for a file that shows no swap (the host has none, or swap is
  // not reported): the swap fields may be left unset (swap_accounting
  // false), their files unread; the rest as Memory(). This default reads
  // everything.
  virtual absl::StatusOr<MemoryReadings> MemoryWithoutSwap() const { return Memory(); }
  virtual absl::StatusOr<CpuReadings> Cpu() const = 0;
  // Cpu() for files that only count the container's CPUs: the cpuset and
  // quota are read, the usage fields may be left 0 (sources that can skip
  // the usage files do). NotFound in the same cases as Cpu().
  virtual absl::StatusOr<CpuReadings> CpuPlacement() const { return Cpu(); }
  virtual absl::StatusOr<std::vector<IoDeviceStats>> Io() const = 0;
  // v1 memory.kmem.slabinfo text. NotFound where the kernel has none (v2).
  virtual absl::StatusOr<std::string> Slabinfo() const = 0;
  // The cgroup's own PSI file text (v2 cpu.pressure, ...). NotFound on v1.
  virtual absl::StatusOr<std::string> Pressure(PressureResource resource) const = 0;
  // Pids of the tasks in the cgroup and its descendants (for loadavg).
  // Implementations may bound the work (see CgroupFs: kMaxTaskCgroups).
  virtual absl::StatusOr<std::vector<pid_t>> Tasks() const = 0;
  // Tasks() into `*tasks` (replacing its contents), which keeps a small
  // container's pids on the stack: files that count tasks call this on every
  // read. This default copies Tasks().
  virtual absl::Status TasksInto(TaskIds* tasks) const {
    absl::StatusOr<std::vector<pid_t>> all = Tasks();
    if (!all.ok()) return all.status();
    tasks->assign(all->begin(), all->end());
    return absl::OkStatus();
  }
};

// Opens the cgroups a process belongs to.
class CgroupTree {
 public:
  virtual ~CgroupTree() = default;
  virtual CgroupLayout layout() const = 0;
  // A source for the cgroups named by `proc_pid_cgroup`, the text of a
  // /proc/PID/cgroup file. NotFound when they no longer exist.
  virtual absl::StatusOr<std::unique_ptr<CgroupSource>> Open(
      std::string_view proc_pid_cgroup) const = 0;
};

// Maps a reader pid to the process whose cgroups define its container: the
// init of the reader's pid namespace (right also for processes that joined
// later with setns), or the reader itself when it shares the host's pid
// namespace. NotFound when the reader is gone.
class ContainerResolver {
 public:
  virtual ~ContainerResolver() = default;
  virtual absl::StatusOr<pid_t> ContainerInit(pid_t reader) = 0;
};

// One rendered file and where its numbers came from.
struct Rendered {
  std::string text;
  pid_t container_init = 0;     // whose cgroups were used (0 when none)
  // The container init's /proc/PID/cgroup text ("" when none). Kept raw:
  // CgroupPath() derives the short path for logs only when one is wanted.
  std::string cgroup_text;
  bool host_fallback = false;   // the host's own file was served
  std::string fallback_reason;  // why, when host_fallback

  // The container's cgroup path, for logs: its memory cgroup (v1
  // "N:memory:/path", else the v2 "0::/path"), else the first line's path.
  std::string CgroupPath() const;
};

// The facade: renders any file for a reader. Thread-safe.
// When the reader's container or its cgroups can't be found it serves the
// host file (as LXCFS does) and says so in Rendered::fallback_reason.
class Procview {
 public:
  // Real sources rooted at options' paths; detects the cgroup layout once.
  static absl::StatusOr<std::unique_ptr<Procview>> Create(const Options& options);
  // Caller-supplied sources (tests, benchmarks, embedders).
  static std::unique_ptr<Procview> CreateWithSources(
      const Options& options, std::unique_ptr<HostSource> host,
      std::unique_ptr<CgroupTree> cgroups,
      std::unique_ptr<ContainerResolver> resolver);
  virtual ~Procview() = default;

  // What `reader` would read from the mounted file.
  virtual absl::StatusOr<Rendered> Render(File file, pid_t reader) = 0;
  // Render, leaving Rendered::cgroup_text (and so CgroupPath()) empty: one
  // copy of the container's cgroup text fewer per read, for callers that
  // want it only now and then (a daemon that logs it at debug level).
  virtual absl::StatusOr<Rendered> RenderWithoutCgroupText(File file, pid_t reader) {
    return Render(file, reader);
  }
  // The file as seen from `cgroup`, whose init process is `init` (for uptime).
  virtual absl::StatusOr<Rendered> RenderForCgroup(File file, const CgroupSource& cgroup,
                                                   pid_t init) = 0;
  // Host CPU numbers visible to `reader`, in the order the container numbers
  // them (container cpu0 is the first). For the /sys cpu subtree.
  virtual absl::StatusOr<std::vector<int>> VisibleCpus(pid_t reader) = 0;
};

}  // namespace procview

#endif  // PROCVIEW_PROCVIEW_H_
