// commands.cc: `procview cat` and `procview ls`.
#include "frontends/cli/commands.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "frontends/cli/exit_codes.h"

namespace procview::cli {
namespace {

std::string Str(std::string_view text) { return std::string(text); }

// One line of --explain output for `file` as `reader` read it.
std::string Explain(File file, pid_t reader, const Rendered& rendered) {
  std::string line = absl::StrCat("procview: ", Str(PathOf(file)), " for pid ", reader, ": ");
  if (rendered.container_init != 0) {
    absl::StrAppend(&line, "container init ", rendered.container_init);
    const std::string cgroup = rendered.CgroupPath();
    if (!cgroup.empty()) absl::StrAppend(&line, ", cgroup ", cgroup);
  } else {
    absl::StrAppend(&line, "no container");
  }
  if (rendered.host_fallback) {
    absl::StrAppend(&line, "; served the host's file: ", rendered.fallback_reason);
  } else {
    absl::StrAppend(&line, "; rendered from the container's cgroups");
  }
  return line + "\n";
}

int RunLs(std::string* out) {
  for (File file : AllFiles()) absl::StrAppend(out, "/", Str(PathOf(file)), "\n");
  return kExitOk;
}

int RunCat(const CommandLine& line, const Environment& env, std::string* out, std::string* err) {
  // Unknown names first: they need no process and no cgroups.
  std::vector<File> files;
  for (const std::string& name : line.files) {
    absl::StatusOr<File> file = FileFromName(name);
    if (!file.ok()) {
      absl::StrAppend(err, "procview: ", file.status().message(), " (see: procview ls)\n");
      return kExitNoSuchFile;
    }
    files.push_back(*file);
  }
  const pid_t reader = line.pid.value_or(env.self_pid);
  if (absl::Status exists = env.check_pid(line.options.proc_root, reader); !exists.ok()) {
    absl::StrAppend(err, "procview: ", exists.message(), "\n");
    return absl::IsPermissionDenied(exists) ? kExitPermissionDenied : kExitNoSuchPid;
  }
  absl::StatusOr<std::unique_ptr<Procview>> facade = env.create(line.options);
  if (!facade.ok()) {
    absl::StrAppend(err, "procview: ", facade.status().ToString(), "\n");
    return ExitCodeFor(facade.status());
  }
  for (File file : files) {
    absl::StatusOr<Rendered> rendered = (*facade)->Render(file, reader);
    if (!rendered.ok()) {
      absl::StrAppend(err, "procview: ", Str(PathOf(file)), ": ", rendered.status().ToString(),
                      "\n");
      return ExitCodeFor(rendered.status());
    }
    absl::StrAppend(out, rendered->text);
    if (line.explain) absl::StrAppend(err, Explain(file, reader, *rendered));
  }
  return kExitOk;
}

absl::Status CheckPidExists(const std::string& proc_root, pid_t pid) {
  const std::string path = absl::StrCat(proc_root, "/", pid);
  struct stat info;
  if (stat(path.c_str(), &info) == 0) return absl::OkStatus();
  const int error = errno;
  const std::string message = absl::StrCat("no process ", pid, " (", path, ": ",
                                           std::strerror(error), ")");
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  return absl::NotFoundError(message);
}

}  // namespace

Environment RealEnvironment() {
  Environment env;
  env.create = [](const Options& options) { return Procview::Create(options); };
  env.check_pid = CheckPidExists;
  env.self_pid = getpid();
  return env;
}

int RunCommand(const CommandLine& line, const Environment& env, std::string* out,
               std::string* err) {
  switch (line.command) {
    case Command::kHelp:
      absl::StrAppend(out, UsageText());
      return kExitOk;
    case Command::kLs:
      return RunLs(out);
    case Command::kCat:
      return RunCat(line, env, out, err);
  }
  return kExitOther;
}

}  // namespace procview::cli
