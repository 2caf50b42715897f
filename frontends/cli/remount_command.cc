// remount_command.cc: per-container unmount / remount through setns.
#include "frontends/cli/remount_command.h"

#include <stdio.h>

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "frontends/cli/bind_mounts.h"
#include "frontends/cli/container_scan.h"
#include "frontends/cli/exit_codes.h"
#include "frontends/cli/mount_health.h"
#include "frontends/cli/namespaces.h"
#include "frontends/cli/toolkit_exit_codes.h"

namespace procview::cli {
namespace {

// The containers the command line selects.
absl::StatusOr<std::vector<ContainerMounts>> Selected(const ToolkitCommandLine& line) {
  if (line.container) {
    absl::StatusOr<ContainerMounts> one = ContainerOf("/proc", *line.container);
    if (!one.ok()) return one.status();
    return std::vector<ContainerMounts>{std::move(*one)};
  }
  absl::StatusOr<uint64_t> own = MountNamespaceOf("/proc", 0);
  if (!own.ok()) return own.status();
  return FindContainers("/proc", *own);
}

std::vector<std::string> Targets(const ContainerMounts& container) {
  std::vector<std::string> targets;
  for (const MountEntry& entry : container.binds) targets.push_back(entry.mount_point);
  return targets;
}

// One plan per distinct target: its file from the live mount.
std::vector<BindPlan> ReplacementPlans(const ContainerMounts& container) {
  std::vector<BindPlan> plans;
  std::set<std::string> seen;
  for (const MountEntry& entry : container.binds) {
    if (!seen.insert(entry.mount_point).second) continue;
    plans.push_back({entry.root.substr(1), entry.mount_point});
  }
  return plans;
}

void Report(int pid, const absl::StatusOr<int>& result, const char* verb, int* failures) {
  if (!result.ok()) {
    fprintf(stderr, "procview: container %d: %s\n", pid,
            std::string(result.status().message()).c_str());
    ++*failures;
  } else if (*result != 0) {
    fprintf(stderr, "procview: container %d: not %s\n", pid, verb);
    ++*failures;
  }
}

}  // namespace

int RunUmount(const ToolkitCommandLine& line) {
  absl::StatusOr<std::vector<ContainerMounts>> containers = Selected(line);
  if (!containers.ok()) {
    fprintf(stderr, "procview umount: %s\n", std::string(containers.status().message()).c_str());
    return kExitOther;
  }
  int failures = 0;
  for (const ContainerMounts& container : *containers) {
    const std::vector<std::string> targets = Targets(container);
    absl::StatusOr<int> result = RunInMountNamespace(container.pid, [&targets]() {
      absl::Status status = DetachAll(targets);
      if (!status.ok()) fprintf(stderr, "procview: %s\n", std::string(status.message()).c_str());
      return status.ok() ? 0 : 1;
    });
    Report(container.pid, result, "unmounted", &failures);
    if (result.ok() && *result == 0) {
      printf("container %d: unmounted %zu procview files\n", container.pid, targets.size());
    }
  }
  return failures == 0 ? kExitOk : kExitOther;
}

int RunRemount(const ToolkitCommandLine& line) {
  const std::string root = NormalizeRoot(line.mount_root);
  const MountHealth health = CheckMount(root);
  if (health.state != MountState::kHealthy) {
    fprintf(stderr, "procview remount: %s\n", health.message.c_str());
    return ExitCodeForHealth(health.state);
  }
  absl::StatusOr<std::vector<ContainerMounts>> containers = Selected(line);
  if (!containers.ok()) {
    fprintf(stderr, "procview remount: %s\n", std::string(containers.status().message()).c_str());
    return kExitOther;
  }
  int failures = 0;
  for (const ContainerMounts& container : *containers) {
    std::vector<BindPlan> plans = ReplacementPlans(container);
    if (plans.empty()) {
      // A container that never had procview: give it every served file.
      absl::StatusOr<std::vector<std::string>> served = ListServedFiles(root);
      if (!served.ok()) {
        fprintf(stderr, "procview remount: %s\n", std::string(served.status().message()).c_str());
        return kExitOther;
      }
      plans = PlansUnder(*served, "/");
    }
    absl::StatusOr<std::vector<DetachedMount>> sources = CloneSources(root, plans);
    if (!sources.ok()) {
      fprintf(stderr, "procview remount: %s\n", std::string(sources.status().message()).c_str());
      return kExitOther;
    }
    const std::vector<std::string> old_targets = Targets(container);
    absl::StatusOr<int> result =
        RunInMountNamespace(container.pid, [&old_targets, &sources]() {
          absl::Status status = DetachAll(old_targets);
          if (!status.ok()) {
            fprintf(stderr, "procview: %s\n", std::string(status.message()).c_str());
            return 1;
          }
          absl::StatusOr<AttachResult> attached = AttachAll(&*sources);
          if (!attached.ok()) {
            fprintf(stderr, "procview: %s\n", std::string(attached.status().message()).c_str());
            return 1;
          }
          return 0;
        });
    Report(container.pid, result, "remounted", &failures);
    if (result.ok() && *result == 0) {
      printf("container %d: remounted %zu procview files\n", container.pid, plans.size());
    }
  }
  return failures == 0 ? kExitOk : kExitOther;
}

}  // namespace procview::cli
