// gather.cc: dispatches a file to its gatherer.
#include "lib/procview/gather.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace procview {

absl::StatusOr<std::string> Gather(File file, const GatherInputs& in) {
  switch (file) {
    case File::kMeminfo:
      return GatherMeminfo(in);
    case File::kCpuinfo:
      return GatherCpuinfo(in);
    case File::kUptime:
      return GatherUptime(in);
    case File::kSwaps:
      return GatherSwaps(in);
    case File::kCpuOnline:
    case File::kCpuPresent:
    case File::kCpuPossible:
      return GatherCpuRange(in);
    case File::kDiskstats:
      return GatherDiskstats(in);
    case File::kLoadavg:
      return GatherLoadavg(in);
    case File::kPressureCpu:
      return GatherPressure(in, PressureResource::kCpu);
    case File::kPressureIo:
      return GatherPressure(in, PressureResource::kIo);
    case File::kPressureMemory:
      return GatherPressure(in, PressureResource::kMemory);
    case File::kSlabinfo:
      return GatherSlabinfo(in);
    case File::kStat:
      return GatherStat(in);
    default:
      return absl::UnimplementedError(
          absl::StrCat("procview does not render ", std::string(PathOf(file)), " yet"));
  }
}

const char* HostOnlyReason(File file, const LoadavgSampler* loadavg) {
  return file == File::kLoadavg && loadavg == nullptr ? kLoadavgOffReason : nullptr;
}

}  // namespace procview
