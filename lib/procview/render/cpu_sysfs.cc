// cpu_sysfs.cc: the container's CPU range files (see cpu_sysfs.h).
#include "lib/procview/render/cpu_sysfs.h"

#include "absl/status/status.h"
#include "lib/procview/parse/decimal.h"

namespace procview {

absl::StatusOr<std::string> RenderCpuRange(size_t n) {
  if (n == 0) return absl::InvalidArgumentError("no visible CPUs");
  if (n == 1) return std::string("0\n");
  char text[24] = {'0', '-'};  // "0-" and up to 20 digits and '\n'
  char* end = WriteDecimal(n - 1, text + 2);
  *end++ = '\n';
  return std::string(text, static_cast<size_t>(end - text));
}

}  // namespace procview
