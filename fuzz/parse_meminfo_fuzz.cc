// parse_meminfo_fuzz.cc: host /proc/meminfo parsing, and formatting each
// parsed key back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lib/procview/parse/meminfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)procview::ParseMeminfo(std::string(text));
  (void)procview::FindMeminfoValue(text, procview::MeminfoKey::kSwapTotal);
  (void)procview::FormatMeminfoLine(text.substr(0, 64), size * 1021, size % 2 == 0);
  return 0;
}
