// cpu_history.h: keeps /proc/stat counters from going backwards.
//
// Tools (top, mpstat, node_exporter) compute rates from the differences of
// two reads, so a counter that drops shows as a negative or huge rate. The
// per-CPU ticks ContainerCpuTicks computes can drop: the kernel resets
// cpuacct counters, the cpuset moves the container to other host CPUs, a
// quota-sized view hides or re-adds CPUs, or usage is redistributed. This
// history remembers, per container, what each container CPU line last showed
// and turns new values into values that never decrease:
//   - a line whose host CPU is unchanged advances by the rise of each column
//     since the last read (a drop advances it by 0 and becomes the new base),
//     so rates stay exact while inputs rise;
//   - a line that reappears, or now maps to another host CPU, continues from
//     what it last showed (no advance this read);
//   - when lines disappear (fewer visible CPUs) their last values are folded
//     evenly into the remaining lines, so the `cpu` sum never drops either.
// Entries of containers not read for `ttl` expire, and at most
// `max_containers` are kept (least recently read first out). Thread-safe.
#ifndef PROCVIEW_TRACK_CPU_HISTORY_H_
#define PROCVIEW_TRACK_CPU_HISTORY_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "lib/procview/parse/proc_stat.h"

namespace procview {

class CpuHistory {
 public:
  struct Options {
    absl::Duration ttl = absl::Minutes(10);
    size_t max_containers = 4096;
  };

  explicit CpuHistory(Options options);
  CpuHistory() : CpuHistory(Options{}) {}
  CpuHistory(const CpuHistory&) = delete;
  CpuHistory& operator=(const CpuHistory&) = delete;

  // One instance of the container a key names: its init process. A
  // container recreated at the same cgroup path is another instance.
  struct Instance {
    pid_t init = 0;
    uint64_t start_ticks = 0;  // /proc/INIT/stat field 22
    friend bool operator==(const Instance& a, const Instance& b) {
      return a.init == b.init && a.start_ticks == b.start_ticks;
    }
  };

  // Returns `cpus` (container CPU i is host CPU host_cpus[i]) adjusted so no
  // column of any line, nor of their sum, is below what the previous call for
  // `key` returned, and records the result. `now` is the read time (expiry
  // only). If the two vectors differ in size, `cpus` comes back unchanged.
  // When `instance` differs from the one of the previous call for `key`, the
  // new instance starts from its own counters (nothing of the old one is
  // kept); an unknown instance (nullopt) continues the key's history.
  std::vector<CpuTicks> Apply(std::string_view key, std::optional<Instance> instance,
                              absl::Span<const int> host_cpus, std::vector<CpuTicks> cpus,
                              absl::Time now) ABSL_LOCKS_EXCLUDED(mu_) {
    ApplyInPlace(key, instance, host_cpus, absl::MakeSpan(cpus), now);
    return cpus;
  }
  std::vector<CpuTicks> Apply(std::string_view key, absl::Span<const int> host_cpus,
                              std::vector<CpuTicks> cpus, absl::Time now) ABSL_LOCKS_EXCLUDED(mu_) {
    return Apply(key, std::nullopt, host_cpus, std::move(cpus), now);
  }

  // Apply on `cpus` in place (a caller keeps them on the stack).
  void ApplyInPlace(std::string_view key, std::optional<Instance> instance,
                    absl::Span<const int> host_cpus, absl::Span<CpuTicks> cpus, absl::Time now)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Number of containers remembered (for tests and debugging).
  size_t size() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // What container CPU line i showed last.
  struct Line {
    bool shown_last_read = false;  // part of the previous read
    int host_cpu = -1;
    CpuTicks last_in;   // input of the previous read
    CpuTicks last_out;  // what it showed
  };
  // A container in read order, with its last read time, so expiry looks
  // at the oldest without a lookup in entries_.
  struct LruNode {
    std::string key;
    absl::Time last_read;
  };
  struct Entry {
    std::optional<Instance> instance;  // of the last read that knew it
    std::vector<Line> lines;
    std::list<LruNode>::iterator lru_pos;
  };

  void Expire(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The entry of `key`, made when new, most recently read first.
  Entry& Touch(std::string_view key, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  // std::mutex: the system abseil's Mutex is invisible to ThreadSanitizer.
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::list<LruNode> lru_ ABSL_GUARDED_BY(mu_);  // most recently read first
  // The entry of lru_.front() while no entry was added or removed since it
  // was read (a pointer into entries_ stays valid until then): a container
  // read again is found without hashing its key.
  Entry* front_entry_ ABSL_GUARDED_BY(mu_) = nullptr;
  // No entry expires for age before this time: the oldest entry's last read
  // plus the ttl when Expire last looked (entries are read later, not
  // earlier, than the oldest). Saves the time arithmetic, out of line in
  // the system abseil, on every read.
  absl::Time next_expiry_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace procview

#endif  // PROCVIEW_TRACK_CPU_HISTORY_H_
