// cached_cgroup_tree.cc: the LRU of opened containers and the source that
// drops its entry when a read says the cgroup is gone.
#include "lib/procview/source/cached_cgroup_tree.h"

#include <list>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "lib/procview/spare_block.h"

namespace procview {
namespace {

// One opened container. Immutable once made; shared with the sources
// handed out, so dropping it never pulls it from under a reader.
struct Entry {
  std::string key;  // the /proc/PID/cgroup text
  std::shared_ptr<const CgroupSource> source;
};

class Cache {
 public:
  explicit Cache(size_t max_entries) : max_entries_(max_entries == 0 ? 1 : max_entries) {}

  // The entry for `key`, now the most recently used; null when absent.
  std::shared_ptr<const Entry> Find(std::string_view key) {
    std::lock_guard<std::mutex> lock(mu_);
    // A container's reads come in runs: compare with the most recent entry
    // before hashing the whole text (a different text differs early).
    if (!lru_.empty() && lru_.front()->key == key) return lru_.front();
    auto it = index_.find(absl::string_view(key.data(), key.size()));
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return *it->second;
  }

  // Keeps `entry` (replacing one with the same key), evicting the least
  // recently used beyond the bound.
  void Insert(std::shared_ptr<const Entry> entry) {
    std::shared_ptr<const Entry> evicted;  // destroyed after the unlock
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(entry->key);
    if (it != index_.end()) {
      *it->second = std::move(entry);
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    lru_.push_front(std::move(entry));
    index_.emplace(lru_.front()->key, lru_.begin());
    if (lru_.size() > max_entries_) {
      evicted = std::move(lru_.back());
      index_.erase(evicted->key);
      lru_.pop_back();
    }
  }

  // Forgets `entry` if it is still the one kept for its key.
  void Drop(const Entry& entry) {
    std::shared_ptr<const Entry> dropped;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(entry.key);
    if (it == index_.end() || it->second->get() != &entry) return;
    dropped = std::move(*it->second);
    lru_.erase(it->second);
    index_.erase(it);
  }

 private:
  const size_t max_entries_;
  std::mutex mu_;
  std::list<std::shared_ptr<const Entry>> lru_;  // most recently used first
  absl::flat_hash_map<std::string, std::list<std::shared_ptr<const Entry>>::iterator> index_;
};

// What Open hands out: forwards to the kept source; a NotFound means the
// opened paths may be stale, so the entry goes and the next Open re-opens.
class KeptSource final : public CgroupSource {
 public:
  // One is made and freed per read: the last freed block is reused.
  static void* operator new(size_t size);
  static void operator delete(void* block);

  KeptSource(std::shared_ptr<Cache> cache, std::shared_ptr<const Entry> entry)
      : cache_(std::move(cache)), entry_(std::move(entry)) {}

  CgroupLayout layout() const override { return entry_->source->layout(); }
  absl::StatusOr<MemoryReadings> Memory() const override {
    return Checked(entry_->source->Memory());
  }
  absl::StatusOr<MemoryReadings> MemoryWithoutSwap() const override {
    return Checked(entry_->source->MemoryWithoutSwap());
  }
  absl::StatusOr<MemoryReadings> Swap() const override { return Checked(entry_->source->Swap()); }
  absl::StatusOr<CpuReadings> Cpu() const override {
    // Returned in place: CpuReadings keeps its lists inline, so a move copies them.
    absl::StatusOr<CpuReadings> cpu = entry_->source->Cpu();
    (void)Checked(cpu.status());
    return cpu;
  }
  absl::StatusOr<CpuReadings> CpuPlacement() const override {
    return Checked(entry_->source->CpuPlacement());
  }
  absl::StatusOr<std::vector<IoDeviceStats>> Io() const override {
    return Checked(entry_->source->Io());
  }
  absl::StatusOr<std::string> Slabinfo() const override {
    return Checked(entry_->source->Slabinfo());
  }
  absl::StatusOr<std::string> Pressure(PressureResource resource) const override {
    return Checked(entry_->source->Pressure(resource));
  }
  absl::StatusOr<std::vector<pid_t>> Tasks() const override {
    return Checked(entry_->source->Tasks());
  }
  absl::Status TasksInto(TaskIds* tasks) const override {
    return Checked(entry_->source->TasksInto(tasks));
  }

 private:
  template <typename T>
  T Checked(T result) const {
    // ok() first: absl::IsNotFound and code() are out-of-line calls in the
    // system abseil, and this runs on every read.
    if (!result.ok() && result.status().code() == absl::StatusCode::kNotFound) {
      cache_->Drop(*entry_);
    }
    return result;
  }
  absl::Status Checked(absl::Status status) const {  // the same for a bare status
    if (status.code() == absl::StatusCode::kNotFound) cache_->Drop(*entry_);
    return status;
  }

  const std::shared_ptr<Cache> cache_;
  const std::shared_ptr<const Entry> entry_;
};

SpareBlock<sizeof(KeptSource)> spare_kept_source;

void* KeptSource::operator new(size_t) { return spare_kept_source.Allocate(); }
void KeptSource::operator delete(void* block) { spare_kept_source.Free(block); }

class CachedCgroupTree : public CgroupTree {
 public:
  CachedCgroupTree(std::unique_ptr<CgroupTree> tree, size_t max_entries)
      : tree_(std::move(tree)), cache_(std::make_shared<Cache>(max_entries)) {}

  CgroupLayout layout() const override { return tree_->layout(); }

  absl::StatusOr<std::unique_ptr<CgroupSource>> Open(
      std::string_view proc_pid_cgroup) const override {
    std::shared_ptr<const Entry> entry = cache_->Find(proc_pid_cgroup);
    if (entry == nullptr) {
      absl::StatusOr<std::unique_ptr<CgroupSource>> opened = tree_->Open(proc_pid_cgroup);
      if (!opened.ok()) return opened.status();
      auto made = std::make_shared<Entry>();
      made->key = std::string(proc_pid_cgroup);
      made->source = *std::move(opened);
      entry = std::move(made);
      cache_->Insert(entry);
    }
    return std::unique_ptr<CgroupSource>(new KeptSource(cache_, std::move(entry)));
  }

 private:
  const std::unique_ptr<CgroupTree> tree_;
  const std::shared_ptr<Cache> cache_;
};

}  // namespace

std::unique_ptr<CgroupTree> NewCachedCgroupTree(std::unique_ptr<CgroupTree> tree,
                                                size_t max_entries) {
  return std::make_unique<CachedCgroupTree>(std::move(tree), max_entries);
}

}  // namespace procview
