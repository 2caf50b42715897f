// parse_cpu_list_fuzz.cc: cpuset / sysfs CPU lists, and the round trip
// through FormatCpuList.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_pieces.h"
#include "lib/procview/parse/cpu_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace procview;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<int>> cpus = ParseCpuList(text);
  if (!cpus.ok()) return 0;
  // Sorted, unique, in range; formatting and parsing again gives the same.
  for (size_t i = 0; i < cpus->size(); ++i) {
    FUZZ_CHECK((*cpus)[i] >= 0 && (*cpus)[i] <= kMaxCpuNumber);
    if (i > 0) FUZZ_CHECK((*cpus)[i - 1] < (*cpus)[i]);
  }
  absl::StatusOr<std::vector<int>> again = ParseCpuList(FormatCpuList(*cpus));
  FUZZ_CHECK(again.ok() && *again == *cpus);
  return 0;
}
