// parse_cpuinfo_fuzz.cc: /proc/cpuinfo parsing and the round trip through
// FormatCpuinfo.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_pieces.h"
#include "lib/procview/parse/cpuinfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace procview;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)SplitCpuinfoLine(text);
  absl::StatusOr<Cpuinfo> cpuinfo = ParseCpuinfo(text);
  if (!cpuinfo.ok()) return 0;
  for (const CpuinfoProcessor& p : cpuinfo->processors) {
    FUZZ_CHECK(cpuinfo->Find(p.cpu) == &p);
  }
  // What we print parses again to the same CPUs.
  const std::string formatted = FormatCpuinfo(*cpuinfo);
  absl::StatusOr<Cpuinfo> again = ParseCpuinfo(formatted);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->processors.size() == cpuinfo->processors.size());
  return 0;
}
