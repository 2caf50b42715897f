// parse_uptime_fuzz.cc: host /proc/uptime parsing.
#include <cstddef>
#include <cstdint>

#include "lib/procview/parse/uptime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)procview::ParseUptime(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
