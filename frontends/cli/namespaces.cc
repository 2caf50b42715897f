// namespaces.cc: setns(CLONE_NEWNS) in a forked child.
#include "frontends/cli/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "frontends/cli/file_io.h"

namespace procview::cli {

absl::StatusOr<uint64_t> ParseNamespaceLink(absl::string_view link) {
  absl::string_view inode = link;
  uint64_t id = 0;
  if (!absl::ConsumePrefix(&inode, "mnt:[") || !absl::ConsumeSuffix(&inode, "]") ||
      !absl::SimpleAtoi(inode, &id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a mount namespace link: '", std::string(link), "'"));
  }
  return id;
}

absl::StatusOr<uint64_t> MountNamespaceOf(const std::string& proc_root, int pid) {
  absl::StatusOr<std::string> link = ReadLink(absl::StrCat(
      proc_root, "/", pid == 0 ? std::string("self") : absl::StrCat(pid), "/ns/mnt"));
  if (!link.ok()) return link.status();
  return ParseNamespaceLink(*link);
}

absl::StatusOr<int> RunInMountNamespace(int pid, const std::function<int()>& body) {
  const std::string path = absl::StrCat("/proc/", pid, "/ns/mnt");
  UniqueFd ns(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns.valid()) return absl::ErrnoToStatus(errno, absl::StrCat("open ", path));
  fflush(stdout);
  fflush(stderr);
  const pid_t child = fork();
  if (child < 0) return absl::ErrnoToStatus(errno, "fork");
  if (child == 0) {
    if (setns(ns.get(), CLONE_NEWNS) != 0) {
      fprintf(stderr, "procview: setns into the mount namespace of pid %d: %s\n", pid,
              strerror(errno));
      _exit(125);
    }
    const int code = body();
    fflush(stdout);
    fflush(stderr);
    _exit(code);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return absl::ErrnoToStatus(errno, "waitpid");
  }
  if (!WIFEXITED(status)) {
    return absl::InternalError(absl::StrCat("namespace helper for pid ", pid, " died"));
  }
  if (WEXITSTATUS(status) == 125) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot enter the mount namespace of pid ", pid));
  }
  return WEXITSTATUS(status);
}

}  // namespace procview::cli
