// parse_proc_stat_fuzz.cc: host /proc/stat parsing.
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/proc_stat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)procview::ParseProcStat(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
