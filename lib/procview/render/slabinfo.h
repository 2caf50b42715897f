// slabinfo.h: the container's /proc/slabinfo.
//
// cgroup v1 kernels before 5.9 keep per-cgroup slab caches and print them in
// memory.kmem.slabinfo in /proc/slabinfo's own format; that text is served.
// Where the cgroup has none (cgroup v2, and v1 on 5.9+ kernels, whose
// memory.kmem.slabinfo is empty since slab accounting became per object),
// the host's /proc/slabinfo is served, as LXCFS does. Either text is checked
// first, so a truncated or foreign file is an error, never served.
#ifndef PROCVIEW_RENDER_SLABINFO_H_
#define PROCVIEW_RENDER_SLABINFO_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace procview {

// OK when `text` is slabinfo 2.x: the "slabinfo - version: 2.N" line (with
// " (statistics)" under CONFIG_DEBUG_SLAB), the
// "# name ..." column line, then lines of a name, five numbers and
// ": label numbers..." groups (tunables, slabdata, SLAB's debug groups), all
// newline-terminated. InvalidArgument otherwise.
absl::Status ValidateSlabinfo(std::string_view text);

// The slabinfo to serve: `cgroup_text` when given and not empty, else
// `host_text`; the error of ValidateSlabinfo when the chosen text is not
// slabinfo.
absl::StatusOr<std::string> RenderSlabinfo(std::optional<std::string_view> cgroup_text,
                                           std::string_view host_text);

}  // namespace procview

#endif  // PROCVIEW_RENDER_SLABINFO_H_
