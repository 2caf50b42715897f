// gather_slabinfo.cc: /proc/slabinfo from the cgroup's own slab caches
// (cgroup v1 before Linux 5.9).
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "lib/procview/gather.h"
#include "lib/procview/render/slabinfo.h"

namespace procview {

absl::StatusOr<std::string> GatherSlabinfo(const GatherInputs& in) {
  absl::StatusOr<std::string> own = in.cgroup.Slabinfo();
  if (!own.ok()) return own.status();  // NotFound (v2): the host's file
  // v1 on 5.9+ keeps an empty memory.kmem.slabinfo: the host's file too,
  // served (and marked) by the facade.
  if (own->empty()) return absl::NotFoundError("the cgroup's memory.kmem.slabinfo is empty");
  return RenderSlabinfo(std::string_view(*own), "");
}

}  // namespace procview
