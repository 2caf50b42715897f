// parse_diskstats_fuzz.cc: host /proc/diskstats parsing.
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/diskstats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)procview::ParseDiskstats(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
