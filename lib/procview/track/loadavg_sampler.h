// loadavg_sampler.h: per-container load averages, computed like the kernel's.
//
// Every 5 s (one tick) a background thread counts, for each container read
// within the last `idle_expiry`, its runnable (R) and uninterruptible (D)
// tasks and folds that count into 1, 5 and 15 minute averages with the
// kernel's fixed-point calc_load(). Containers nobody reads expire, so the
// cost of a tick follows the containers being read, not all containers.
// The task counting (I/O) is injected, as are the clock and the ticks, so
// tests run without threads or sleeps.
#ifndef PROCVIEW_TRACK_LOADAVG_SAMPLER_H_
#define PROCVIEW_TRACK_LOADAVG_SAMPLER_H_

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/procview/render/loadavg.h"

namespace procview {

// The kernel's decay factors per 5 s tick: 1/exp(5s/1min), 1/exp(5s/5min),
// 1/exp(5s/15min) in fixed point (include/linux/sched/loadavg.h).
inline constexpr uint64_t kLoadExp1 = 1884;
inline constexpr uint64_t kLoadExp5 = 2014;
inline constexpr uint64_t kLoadExp15 = 2037;
inline constexpr absl::Duration kLoadSampleInterval = absl::Seconds(5);

// One step of the kernel's calc_load(): `load` decays by `exp` towards
// `active` (both fixed point), rounding up while the load rises so a constant
// load is reached exactly.
uint64_t CalcLoad(uint64_t load, uint64_t exp, uint64_t active);

// Tasks of one container at one instant.
struct TaskCounts {
  uint64_t running = 0;          // state R
  uint64_t uninterruptible = 0;  // state D
  uint64_t total = 0;            // all tasks
  pid_t last_pid = 0;            // what /proc/loadavg shows as last pid
};

// Paces the sampling thread.
class Ticker {
 public:
  virtual ~Ticker() = default;
  // Blocks until the next tick; false once Stop() was called.
  virtual bool Wait() = 0;
  // Makes every current and later Wait() return false.
  virtual void Stop() = 0;
};

// Ticks every `interval` of real time (deadline based, so it does not drift).
class IntervalTicker : public Ticker {
 public:
  explicit IntervalTicker(absl::Duration interval = kLoadSampleInterval);
  bool Wait() override ABSL_LOCKS_EXCLUDED(mu_);
  void Stop() override ABSL_LOCKS_EXCLUDED(mu_);

 private:
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable changed_;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time next_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

// Ticks when told to (tests).
class ManualTicker : public Ticker {
 public:
  // Releases one Wait().
  void Tick() ABSL_LOCKS_EXCLUDED(mu_);
  bool Wait() override ABSL_LOCKS_EXCLUDED(mu_);
  void Stop() override ABSL_LOCKS_EXCLUDED(mu_);

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  uint64_t pending_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

class LoadavgSampler {
 public:
  struct Options {
    // A container not read for this long is forgotten (and not sampled).
    absl::Duration idle_expiry = absl::Minutes(10);
    // At most this many containers are sampled; the least recently read
    // one makes room for a new one.
    size_t max_containers = 4096;
  };
  // Counts the tasks of the container named `key` (I/O, called without
  // locks held). An error drops the container until it is read again.
  using CountTasks = std::function<absl::StatusOr<TaskCounts>(const std::string& key)>;
  using Clock = std::function<absl::Time()>;

  LoadavgSampler(Options options, CountTasks count, Clock clock, std::unique_ptr<Ticker> ticker);
  // Real clock, a tick every 5 s.
  LoadavgSampler(Options options, CountTasks count);
  ~LoadavgSampler();  // stops the thread
  LoadavgSampler(const LoadavgSampler&) = delete;
  LoadavgSampler& operator=(const LoadavgSampler&) = delete;

  // Starts the sampling thread (once; later calls, and calls after Stop(),
  // do nothing).
  void Start() ABSL_LOCKS_EXCLUDED(mu_);
  // Stops and joins it. Safe to call twice, and without Start().
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

  // What /proc/loadavg shows for `key` now, and marks it as read. A container
  // read for the first time starts at load 0 with its current task counts
  // (the error of CountTasks when they can't be counted).
  absl::StatusOr<LoadavgValues> Read(const std::string& key) ABSL_LOCKS_EXCLUDED(mu_);

  // One tick: expires idle containers, then counts and updates the others.
  // The thread calls this; tests may call it directly.
  void SampleOnce() ABSL_LOCKS_EXCLUDED(mu_);

  // Containers being sampled, and ticks done so far (tests, debugging).
  size_t size() const ABSL_LOCKS_EXCLUDED(mu_);
  uint64_t ticks_done() const ABSL_LOCKS_EXCLUDED(mu_);
  // Blocks until at least `n` ticks are done or `timeout` passes; true if done.
  bool AwaitTicks(uint64_t n, absl::Duration timeout) const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Container {
    LoadavgValues values;
    absl::Time last_read;
  };

  void Run();
  void EvictLeastRecentlyRead() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  const CountTasks count_;
  const Clock clock_;
  const std::unique_ptr<Ticker> ticker_;

  // std (pthread) locks rather than absl::Mutex: the system abseil is not
  // built for ThreadSanitizer, which then cannot see its synchronisation.
  mutable std::mutex mu_;
  mutable std::condition_variable ticked_;  // ticks_done_ rose
  absl::flat_hash_map<std::string, Container> containers_ ABSL_GUARDED_BY(mu_);
  uint64_t ticks_done_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace procview

#endif  // PROCVIEW_TRACK_LOADAVG_SAMPLER_H_
