// parse_loadavg_fuzz.cc: host /proc/loadavg parsing.
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/loadavg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)procview::ParseLoadavg(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
