// create.cc: Procview::Create, the facade over the real sources (host
// /proc and /sys, cgroupfs with its layout detected once, the namespace
// resolver).
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/procview.h"
#include "lib/procview/resolve/namespace_resolver.h"
#include "lib/procview/source/cached_cgroup_tree.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/host_fs.h"
#include "lib/procview/status_macros.h"

namespace procview {

absl::StatusOr<std::unique_ptr<Procview>> Procview::Create(const Options& options) {
  absl::StatusOr<std::unique_ptr<CgroupFs>> cgroups =
      CgroupFs::Create(options.cgroup_root, options.cpu_view_from_quota);
  if (!cgroups.ok()) {
    return absl::Status(cgroups.status().code(),
                        absl::StrCat("cgroup root ", options.cgroup_root, ": ",
                                     cgroups.status().message()));
  }
  return CreateWithSources(options,
                           std::make_unique<HostFs>(options.proc_root, options.sys_root),
                           // CgroupFs sources read every value on every call,
                           // so the opened paths can be kept per cgroup text.
                           NewCachedCgroupTree(*std::move(cgroups)),
                           NewNamespaceResolver(options.proc_root));
}

}  // namespace procview
