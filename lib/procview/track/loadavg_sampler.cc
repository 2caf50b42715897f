// loadavg_sampler.cc: per-container load averages (see loadavg_sampler.h).
#include "lib/procview/track/loadavg_sampler.h"

#include <utility>
#include <vector>

namespace procview {

uint64_t CalcLoad(uint64_t load, uint64_t exp, uint64_t active) {
  uint64_t newload = load * exp + active * (kLoadFixed1 - exp);
  if (active >= load) newload += kLoadFixed1 - 1;
  return newload / kLoadFixed1;
}

IntervalTicker::IntervalTicker(absl::Duration interval) : interval_(interval) {}

bool IntervalTicker::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  const absl::Time now = absl::Now();
  next_ += interval_;
  if (next_ < now) next_ = now + interval_;  // first wait, or fell behind
  changed_.wait_until(lock, absl::ToChronoTime(next_), [this] { return stopped_; });
  return !stopped_;
}

void IntervalTicker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
  }
  changed_.notify_all();
}

void ManualTicker::Tick() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++pending_;
  }
  changed_.notify_all();
}

bool ManualTicker::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] { return stopped_ || pending_ > 0; });
  if (stopped_) return false;
  --pending_;
  return true;
}

void ManualTicker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
  }
  changed_.notify_all();
}

LoadavgSampler::LoadavgSampler(Options options, CountTasks count, Clock clock,
                               std::unique_ptr<Ticker> ticker)
    : options_(options),
      count_(std::move(count)),
      clock_(std::move(clock)),
      ticker_(std::move(ticker)) {}

LoadavgSampler::LoadavgSampler(Options options, CountTasks count)
    : LoadavgSampler(
          options, std::move(count), [] { return absl::Now(); },
          std::make_unique<IntervalTicker>()) {}

LoadavgSampler::~LoadavgSampler() { Stop(); }

void LoadavgSampler::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void LoadavgSampler::Stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mu_);
    started_ = true;  // a later Start() does nothing: the ticker is stopped
    thread = std::move(thread_);
  }
  ticker_->Stop();
  if (thread.joinable()) thread.join();  // without mu_: Run() takes it
}

void LoadavgSampler::Run() {
  while (ticker_->Wait()) SampleOnce();
}

size_t LoadavgSampler::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return containers_.size();
}

uint64_t LoadavgSampler::ticks_done() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ticks_done_;
}

bool LoadavgSampler::AwaitTicks(uint64_t n, absl::Duration timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return ticked_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                          [this, n] { return ticks_done_ >= n; });
}

void LoadavgSampler::EvictLeastRecentlyRead() {
  auto oldest = containers_.end();
  for (auto it = containers_.begin(); it != containers_.end(); ++it) {
    if (oldest == containers_.end() || it->second.last_read < oldest->second.last_read) {
      oldest = it;
    }
  }
  if (oldest != containers_.end()) containers_.erase(oldest);
}

absl::StatusOr<LoadavgValues> LoadavgSampler::Read(const std::string& key) {
  const absl::Time now = clock_();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = containers_.find(key);
    if (it != containers_.end()) {
      it->second.last_read = now;
      return it->second.values;
    }
  }
  // First read: count now (outside the lock), averages start at 0.
  absl::StatusOr<TaskCounts> counts = count_(key);
  if (!counts.ok()) return counts.status();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = containers_.find(key);
  if (it == containers_.end()) {
    if (containers_.size() >= options_.max_containers) EvictLeastRecentlyRead();
    it = containers_.try_emplace(key).first;
    it->second.values.running = counts->running;
    it->second.values.total = counts->total;
    it->second.values.last_pid = counts->last_pid;
  }
  it->second.last_read = now;
  return it->second.values;
}

void LoadavgSampler::SampleOnce() {
  const absl::Time now = clock_();
  std::vector<std::string> keys;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = containers_.begin(); it != containers_.end();) {
      if (now - it->second.last_read > options_.idle_expiry) {
        containers_.erase(it++);
      } else {
        keys.push_back(it->first);
        ++it;
      }
    }
  }
  std::vector<absl::StatusOr<TaskCounts>> counts;
  counts.reserve(keys.size());
  for (const std::string& key : keys) counts.push_back(count_(key));

  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < keys.size(); ++i) {
    auto it = containers_.find(keys[i]);
    if (it == containers_.end()) continue;  // evicted meanwhile
    if (!counts[i].ok()) {
      containers_.erase(it);  // cgroup gone: start afresh on the next read
      continue;
    }
    LoadavgValues& v = it->second.values;
    const uint64_t active = (counts[i]->running + counts[i]->uninterruptible) * kLoadFixed1;
    v.avenrun[0] = CalcLoad(v.avenrun[0], kLoadExp1, active);
    v.avenrun[1] = CalcLoad(v.avenrun[1], kLoadExp5, active);
    v.avenrun[2] = CalcLoad(v.avenrun[2], kLoadExp15, active);
    v.running = counts[i]->running;
    v.total = counts[i]->total;
    v.last_pid = counts[i]->last_pid;
  }
  ++ticks_done_;
  ticked_.notify_all();
}

}  // namespace procview
