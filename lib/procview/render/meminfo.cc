// meminfo.cc: the container's /proc/meminfo (see meminfo.h for each line).
#include "lib/procview/render/meminfo.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/status/status.h"

namespace procview {
namespace {

using K = MeminfoKey;

uint64_t Kb(uint64_t bytes) { return bytes / 1024; }

uint64_t SaturatingSub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

// The values of the lines this file rewrites, by key: fixed arrays, so a
// read builds no map.
class Rewrites {
 public:
  void Set(K key, uint64_t value) {
    values_[Index(key)] = value;
    set_[Index(key)] = true;
  }
  // Sets sum = a + b and the parts, with a <= cap and b <= cap - a.
  void SetSum(uint64_t cap, K sum, K first, uint64_t a, K second, uint64_t b) {
    a = std::min(a, cap);
    b = std::min(b, cap - a);
    Set(first, a);
    Set(second, b);
    Set(sum, a + b);
  }
  bool Has(K key) const { return key != K::kOther && set_[Index(key)]; }
  uint64_t Get(K key) const { return values_[Index(key)]; }

 private:
  static size_t Index(K key) { return static_cast<size_t>(key); }
  uint64_t values_[kMeminfoKeys] = {};
  bool set_[kMeminfoKeys] = {};
};

// Host lines whose values are not amounts of RAM in use, left uncapped.
bool Uncapped(const MeminfoLine& line) {
  return !line.kb || line.id == K::kVmallocTotal || line.id == K::kVmallocUsed ||
         line.id == K::kVmallocChunk || line.id == K::kCommittedAs;
}

}  // namespace

absl::StatusOr<std::string> RenderMeminfo(const Meminfo& host, const MemoryReadings& memory,
                                          const SwapView& swap) {
  const std::optional<uint64_t> host_total = host.Value(K::kMemTotal);
  if (!host_total.has_value() || *host_total == 0) {
    return absl::InvalidArgumentError("host meminfo has no MemTotal");
  }
  uint64_t total = *host_total;
  if (memory.limit.has_value() && Kb(*memory.limit) > 0) {
    total = std::min(total, Kb(*memory.limit));
  }
  const MemoryStat& st = memory.stat;
  const uint64_t free = SaturatingSub(total, Kb(memory.usage));
  const uint64_t reclaimable = SaturatingSub(Kb(st.file), Kb(st.shmem));

  Rewrites values;
  values.Set(K::kMemTotal, total);
  values.Set(K::kMemFree, free);
  values.Set(K::kMemAvailable, std::min(total, free + reclaimable));
  values.Set(K::kBuffers, 0);
  values.Set(K::kSwapCached, 0);
  values.Set(K::kSwapTotal, swap.total_kb);
  values.Set(K::kSwapFree, swap.free_kb());
  values.SetSum(total, K::kActive, K::kActiveAnon, Kb(st.active_anon), K::kActiveFile,
                Kb(st.active_file));
  values.SetSum(total, K::kInactive, K::kInactiveAnon, Kb(st.inactive_anon), K::kInactiveFile,
                Kb(st.inactive_file));
  values.SetSum(total, K::kSlab, K::kSReclaimable, Kb(st.slab_reclaimable), K::kSUnreclaim,
                Kb(st.slab_unreclaimable));
  values.Set(K::kKReclaimable, values.Get(K::kSReclaimable));
  for (const auto& [key, bytes] : {std::pair<K, uint64_t>{K::kCached, st.file},
                                   {K::kUnevictable, st.unevictable},
                                   {K::kShmem, st.shmem},
                                   {K::kMapped, st.file_mapped},
                                   {K::kDirty, st.file_dirty},
                                   {K::kWriteback, st.file_writeback},
                                   {K::kAnonPages, st.anon},
                                   {K::kAnonHugePages, st.anon_thp},
                                   {K::kKernelStack, st.kernel_stack},
                                   {K::kPageTables, st.pagetables}}) {
    values.Set(key, std::min(total, Kb(bytes)));
  }

  // Written into a buffer sized for the worst case (on the stack unless the
  // host file is unusually long), then copied out once: a few stores per
  // line instead of string appends, and no zero fill.
  size_t room = 0;
  if (host.text != nullptr) {
    // Bounded without a pass over the lines: a rewritten line is at most
    // kMaxGrowth bytes longer than the host's (the padding after a short key,
    // 20 digits for at least one), plus a newline the last line may lack.
    constexpr size_t kMaxGrowth = MaxMeminfoLineSize("K") - std::string_view("K:0").size();
    room = host.text->size() + host.lines.size() * (kMaxGrowth + 1);
  } else {
    for (const MeminfoLine& line : host.lines) {
      room += std::max(line.raw.size(), MaxMeminfoLineSize(line.key)) + 1;
    }
  }
  char stack[8192];
  std::unique_ptr<char[]> heap;
  if (room > sizeof(stack)) heap.reset(new char[room]);
  char* const buffer = heap != nullptr ? heap.get() : stack;
  char* at = buffer;
  for (const MeminfoLine& line : host.lines) {
    uint64_t value = line.value;
    if (values.Has(line.id)) {
      value = values.Get(line.id);
    } else if (line.id == K::kCommitLimit) {
      value = std::min(value, total + swap.total_kb);
    } else if (!Uncapped(line)) {
      value = std::min(value, total);
    }
    if (value == line.value) {  // untouched: the host's bytes
      std::memcpy(at, line.raw.data(), line.raw.size());
      at += line.raw.size();
    } else {
      at = WriteMeminfoLine(at, line.key, value, line.kb);
    }
    *at++ = '\n';
  }
  return std::string(buffer, at);
}

}  // namespace procview
