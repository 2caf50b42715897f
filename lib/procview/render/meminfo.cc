// meminfo.cc: the container's /proc/meminfo (see meminfo.h for each line).
#include "lib/procview/render/meminfo.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace {

uint64_t Kb(uint64_t bytes) { return bytes / 1024; }

uint64_t SaturatingSub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

// Sets key = a + b and the parts, with a <= cap and b <= cap - a.
void SetSum(absl::flat_hash_map<absl::string_view, uint64_t>* values, uint64_t cap, const char* sum,
            const char* first, uint64_t a, const char* second, uint64_t b) {
  a = std::min(a, cap);
  b = std::min(b, cap - a);
  (*values)[first] = a;
  (*values)[second] = b;
  (*values)[sum] = a + b;
}

// Host lines whose values are not amounts of RAM in use, left uncapped.
bool Uncapped(const MeminfoLine& line) {
  // A constant array, not a heap set: nothing to leak when the library is
  // unloaded at a live reload.
  static constexpr std::string_view kKeys[] = {"VmallocTotal", "VmallocUsed", "VmallocChunk",
                                               "Committed_AS"};
  return !line.kb || std::find(std::begin(kKeys), std::end(kKeys), line.key) != std::end(kKeys);
}

}  // namespace

absl::StatusOr<std::string> RenderMeminfo(const Meminfo& host, const MemoryReadings& memory,
                                          const SwapView& swap) {
  const std::optional<uint64_t> host_total = host.Value("MemTotal");
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

  // The lines this file rewrites; keys are literals, so views (no string
  // per key on every read).
  absl::flat_hash_map<absl::string_view, uint64_t> values;
  values.reserve(32);
  values["MemTotal"] = total;
  values["MemFree"] = free;
  values["MemAvailable"] = std::min(total, free + reclaimable);
  values["Buffers"] = 0;
  values["SwapCached"] = 0;
  values["SwapTotal"] = swap.total_kb;
  values["SwapFree"] = swap.free_kb();
  SetSum(&values, total, "Active", "Active(anon)", Kb(st.active_anon), "Active(file)",
         Kb(st.active_file));
  SetSum(&values, total, "Inactive", "Inactive(anon)", Kb(st.inactive_anon), "Inactive(file)",
         Kb(st.inactive_file));
  SetSum(&values, total, "Slab", "SReclaimable", Kb(st.slab_reclaimable), "SUnreclaim",
         Kb(st.slab_unreclaimable));
  values["KReclaimable"] = values["SReclaimable"];
  for (const auto& [key, bytes] :
       {std::pair<const char*, uint64_t>{"Cached", st.file},
        {"Unevictable", st.unevictable},
        {"Shmem", st.shmem},
        {"Mapped", st.file_mapped},
        {"Dirty", st.file_dirty},
        {"Writeback", st.file_writeback},
        {"AnonPages", st.anon},
        {"AnonHugePages", st.anon_thp},
        {"KernelStack", st.kernel_stack},
        {"PageTables", st.pagetables}}) {
    values[key] = std::min(total, Kb(bytes));
  }

  std::string out;
  out.reserve(host.lines.size() * 32);
  for (const MeminfoLine& line : host.lines) {
    const absl::string_view key(line.key.data(), line.key.size());
    auto it = values.find(key);
    uint64_t value = line.value;
    if (it != values.end()) {
      value = it->second;
    } else if (line.key == "CommitLimit") {
      value = std::min(value, total + swap.total_kb);
    } else if (!Uncapped(line)) {
      value = std::min(value, total);
    }
    if (value == line.value) {
      out.append(line.raw.data(), line.raw.size());  // untouched: the host's bytes
      out += '\n';
    } else {
      AppendMeminfoLine(&out, line.key, value, line.kb);
      out += '\n';
    }
  }
  return out;
}

}  // namespace procview
