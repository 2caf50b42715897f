// cpu_history.cc: monotonic /proc/stat counters per container.
#include "lib/procview/track/cpu_history.h"

#include <mutex>
#include <utility>

#include "absl/strings/string_view.h"

namespace procview {

CpuHistory::CpuHistory(Options options) : options_(options) {}

size_t CpuHistory::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

void CpuHistory::Expire(absl::Time now) {
  if (now <= next_expiry_ && entries_.size() <= options_.max_containers) return;
  while (!lru_.empty()) {
    const LruNode& oldest = lru_.back();
    const bool too_old = now - oldest.last_read > options_.ttl;
    if (!too_old && entries_.size() <= options_.max_containers) break;
    entries_.erase(oldest.key);
    lru_.pop_back();
    front_entry_ = nullptr;
  }
  next_expiry_ = lru_.empty() ? absl::InfinitePast() : lru_.back().last_read + options_.ttl;
}

CpuHistory::Entry& CpuHistory::Touch(std::string_view key, absl::Time now) {
  if (front_entry_ != nullptr && lru_.front().key == key) {
    lru_.front().last_read = now;
    return *front_entry_;
  }
  // Look up before inserting: the key is only copied for a new container.
  auto it = entries_.find(absl::string_view(key.data(), key.size()));
  if (it == entries_.end()) {
    it = entries_.try_emplace(std::string(key)).first;
    lru_.push_front(LruNode{it->first, now});
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru_pos);
    lru_.front().last_read = now;
  }
  it->second.lru_pos = lru_.begin();
  front_entry_ = &it->second;
  return it->second;
}

void CpuHistory::ApplyInPlace(std::string_view key, std::optional<Instance> instance,
                              absl::Span<const int> host_cpus, absl::Span<CpuTicks> cpus,
                              absl::Time now) {
  if (cpus.empty() || host_cpus.size() != cpus.size()) return;
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = Touch(key, now);
  if (instance.has_value() && !(entry.instance == instance)) {
    entry.lines.clear();  // a recreated container: its own counters only
    entry.instance = instance;
  }

  if (entry.lines.size() < cpus.size()) entry.lines.resize(cpus.size());
  for (size_t i = 0; i < cpus.size(); ++i) {
    Line& line = entry.lines[i];
    const CpuTicks input = cpus[i];
    if (line.host_cpu >= 0) {  // shown before (else the input stands)
      cpus[i] = line.last_out;
      if (line.shown_last_read && line.host_cpu == host_cpus[i]) {  // the same source
        for (size_t f = 0; f < kCpuFieldCount; ++f) {
          const uint64_t in = input.v[f];
          if (in > line.last_in.v[f]) cpus[i].v[f] += in - line.last_in.v[f];
        }
      }
    }
    line.last_in = input;  // read above for the last time
  }
  // Lines shown last time but not now: keep the sum from dropping.
  for (size_t i = cpus.size(); i < entry.lines.size(); ++i) {
    Line& line = entry.lines[i];
    if (!line.shown_last_read) continue;
    for (size_t f = 0; f < kCpuFieldCount; ++f) SpreadEvenly(line.last_out.v[f], f, cpus);
    line.shown_last_read = false;
  }
  for (size_t i = 0; i < cpus.size(); ++i) {
    Line& line = entry.lines[i];
    line.shown_last_read = true;
    line.host_cpu = host_cpus[i];
    line.last_out = cpus[i];
  }
  Expire(now);
}

}  // namespace procview
