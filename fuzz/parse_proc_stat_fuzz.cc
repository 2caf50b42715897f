// parse_proc_stat_fuzz.cc: host /proc/stat parsing, full, checked and cpuN-only.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "lib/procview/parse/proc_stat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<procview::ProcStat> stat = procview::ParseProcStat(std::string(text));
  const absl::StatusOr<std::vector<int>> online = procview::ParseOnlineCpus(text);
  // The cpuN-only scan checks less, never more: whatever the full parser
  // accepts, it accepts too, with the same CPUs in the same order.
  if (stat.ok()) {
    if (!online.ok() || online->size() != stat->cpus.size()) std::abort();
    for (size_t i = 0; i < online->size(); ++i) {
      if ((*online)[i] != stat->cpus[i].cpu) std::abort();
    }
  }
  // A parse that only checks the cpu lines' numbers accepts the same texts,
  // and parses the same ticks when asked.
  procview::ProcStat checked;
  const absl::Status checked_ok =
      procview::ParseProcStatView(text, &checked, procview::CpuColumns::kChecked);
  if (checked_ok.ok() != stat.ok()) std::abort();
  if (stat.ok()) {
    std::vector<int> cpus;
    for (const procview::CpuStatLine& line : stat->cpus) cpus.push_back(line.cpu);
    checked.ParseTicksOf(cpus);
    for (size_t i = 0; i < cpus.size(); ++i) {
      if (!(checked.cpus[i].ticks == stat->cpus[i].ticks)) std::abort();
    }
  }
  return 0;
}
