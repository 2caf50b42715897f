// cpu_sysfs.cc: the container's CPU range files (see cpu_sysfs.h).
#include "lib/procview/render/cpu_sysfs.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace procview {

absl::StatusOr<std::string> RenderCpuRange(size_t n) {
  if (n == 0) return absl::InvalidArgumentError("no visible CPUs");
  if (n == 1) return std::string("0\n");
  return absl::StrCat("0-", n - 1, "\n");
}

}  // namespace procview
