// oci_hook.cc: state JSON -> rootfs -> (setns if needed) -> bind mounts.
#include "frontends/cli/oci_hook.h"

#include <stdio.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "frontends/cli/bind_mounts.h"
#include "frontends/cli/file_io.h"
#include "frontends/cli/mount_health.h"
#include "frontends/cli/namespaces.h"
#include "frontends/cli/oci_state.h"

namespace procview::cli {
namespace {

int Fail(const std::string& message) {
  fprintf(stderr, "procview oci-hook: %s\n", message.c_str());
  return 1;
}

// Attaches the clones where `rootfs` says; runs in the container's namespace.
int AttachInContainer(const std::string& rootfs, std::vector<DetachedMount>* clones) {
  const std::string target_root = HookTargetRoot(rootfs, PathExists);
  for (DetachedMount& clone : *clones) {
    clone.plan.target = absl::StrCat(target_root == "/" ? "" : target_root, "/", clone.plan.source);
  }
  absl::StatusOr<AttachResult> attached = AttachAll(clones);
  if (!attached.ok()) return Fail(std::string(attached.status().message()));
  return 0;
}

}  // namespace

std::string HookTargetRoot(const std::string& rootfs, bool (*exists)(const std::string&)) {
  return exists(rootfs + "/proc/meminfo") ? rootfs : "/";
}

int RunOciHook(const ToolkitCommandLine& line, const std::string& state_json) {
  absl::StatusOr<OciState> state = ParseOciState(state_json);
  if (!state.ok()) return Fail(std::string(state.status().message()));
  const std::string root = NormalizeRoot(line.mount_root);
  const MountHealth health = CheckMount(root);
  if (health.state != MountState::kHealthy) {
    fprintf(stderr, "procview oci-hook: %s; container %s keeps the host's /proc files\n",
            health.message.c_str(), state->id.c_str());
    return 0;
  }
  absl::StatusOr<std::string> config = ReadWholeFile(state->bundle + "/config.json");
  if (!config.ok()) return Fail(std::string(config.status().message()));
  absl::StatusOr<std::string> root_path = ParseRootPath(*config);
  if (!root_path.ok()) return Fail(std::string(root_path.status().message()));
  const std::string rootfs = ResolveRootfs(state->bundle, *root_path);

  absl::StatusOr<std::vector<std::string>> served = ListServedFiles(root);
  if (!served.ok()) return Fail(std::string(served.status().message()));
  // Cloned here, where the daemon's mount is visible; attached over there.
  absl::StatusOr<std::vector<DetachedMount>> clones = CloneSources(root, PlansUnder(*served, "/"));
  if (!clones.ok()) return Fail(std::string(clones.status().message()));

  // prestart runs in the runtime's namespace: enter the container's.
  // createContainer already runs in it (crun then passes pid 0).
  if (state->pid == 0) return AttachInContainer(rootfs, &*clones);
  absl::StatusOr<uint64_t> own = MountNamespaceOf("/proc", 0);
  absl::StatusOr<uint64_t> theirs = MountNamespaceOf("/proc", state->pid);
  if (!own.ok() || !theirs.ok() || *own == *theirs) return AttachInContainer(rootfs, &*clones);
  absl::StatusOr<int> code =
      RunInMountNamespace(state->pid, [&]() { return AttachInContainer(rootfs, &*clones); });
  if (!code.ok()) return Fail(std::string(code.status().message()));
  return *code;
}

}  // namespace procview::cli
