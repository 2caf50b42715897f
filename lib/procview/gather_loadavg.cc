// gather_loadavg.cc: /proc/loadavg from the facade's per-container sampler.
#include <string>

#include "absl/status/status.h"
#include "lib/procview/gather.h"
#include "lib/procview/render/loadavg.h"
#include "lib/procview/status_macros.h"
#include "lib/procview/track/loadavg_sampler.h"

namespace procview {

absl::StatusOr<std::string> GatherLoadavg(const GatherInputs& in) {
  if (in.loadavg == nullptr) {
    return absl::NotFoundError(kLoadavgOffReason);
  }
  ASSIGN_OR_RETURN(const LoadavgValues values, in.loadavg->Read(std::string(in.key)));
  return RenderLoadavg(values);
}

}  // namespace procview
