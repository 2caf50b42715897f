// run_command.cc: fork, unshare, fork again (pid 1), mount, exec.
#include "frontends/cli/run_command.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "frontends/cli/bind_mounts.h"
#include "frontends/cli/exit_codes.h"
#include "frontends/cli/mount_health.h"
#include "frontends/cli/run_cgroup.h"

namespace procview::cli {
namespace {

// The exit code a shell would report for a waitpid status.
int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return kExitOther;
}

int WaitFor(pid_t child) {
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return kExitOther;
  }
  return ExitCodeOf(status);
}

[[noreturn]] void Die(const std::string& what) {
  fprintf(stderr, "procview run: %s: %s\n", what.c_str(), strerror(errno));
  _exit(kExitOther);
}

// Pid 1 of the new namespaces: fresh /proc, procview files, exec.
[[noreturn]] void ContainerInit(const ToolkitCommandLine& line, bool with_procview) {
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    Die("mount /proc");
  }
  if (with_procview) {
    const std::string root = NormalizeRoot(line.mount_root);
    absl::StatusOr<std::vector<std::string>> served = ListServedFiles(root);
    absl::StatusOr<std::vector<DetachedMount>> clones =
        served.ok() ? CloneSources(root, PlansUnder(*served, "/"))
                    : absl::StatusOr<std::vector<DetachedMount>>(served.status());
    absl::StatusOr<AttachResult> attached =
        clones.ok() ? AttachAll(&*clones) : absl::StatusOr<AttachResult>(clones.status());
    if (!attached.ok()) {
      fprintf(stderr, "procview run: %s\n", std::string(attached.status().message()).c_str());
      _exit(kExitOther);
    }
  }
  std::vector<char*> argv;
  for (const std::string& arg : line.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  Die(absl::StrCat("exec ", line.argv[0]));
}

}  // namespace

int RunContainer(const ToolkitCommandLine& line) {
  const MountHealth health = CheckMount(line.mount_root);
  const bool with_procview = health.state == MountState::kHealthy;
  if (!with_procview) {
    fprintf(stderr, "procview run: %s; running with the host's /proc files\n",
            health.message.c_str());
  }
  CgroupLimits limits;
  limits.memory_bytes = line.memory_bytes;
  limits.cpus = line.cpus;
  limits.cpu_quota_us = line.cpu_quota_us;
  absl::StatusOr<RunCgroup> cgroup =
      RunCgroup::Create(absl::StrCat("procview-run-", getpid()), limits);
  if (!cgroup.ok()) {
    fprintf(stderr, "procview run: %s\n", std::string(cgroup.status().message()).c_str());
    return kExitOther;
  }
  fflush(stdout);
  fflush(stderr);
  const pid_t outer = fork();
  if (outer < 0) {
    perror("procview run: fork");
    return kExitOther;
  }
  if (outer == 0) {
    absl::Status joined = cgroup->Join(0);
    if (!joined.ok()) {
      fprintf(stderr, "procview run: %s\n", std::string(joined.message()).c_str());
      _exit(kExitOther);
    }
    if (unshare(CLONE_NEWNS | CLONE_NEWPID) != 0) Die("unshare");
    // Slave: the host's later mounts (a restarted daemon) still arrive,
    // ours never leak out.
    if (mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0) Die("make / rslave");
    const pid_t init = fork();
    if (init < 0) Die("fork");
    if (init == 0) ContainerInit(line, with_procview);
    _exit(WaitFor(init));
  }
  const int code = WaitFor(outer);
  cgroup->Remove();
  return code;
}

}  // namespace procview::cli
