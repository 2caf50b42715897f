// procviewfs_main.cc: the procviewfs daemon.
//
// Parses LXCFS-style flags, detaches (unless -f), takes the pid file, loads
// libprocview.so, mounts the FUSE session and serves it until SIGTERM/SIGINT
// or an unmount. A thread waits for SIGUSR1 and swaps in a freshly loaded
// library; the FUSE session and open buffers are never touched by a reload.

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "frontends/fuse/cpu_directory.h"
#include "frontends/fuse/host_sizes.h"
#include "frontends/fuse/command_line.h"
#include "frontends/fuse/filesystem.h"
#include "frontends/fuse/inode_table.h"
#include "frontends/fuse/library.h"
#include "frontends/fuse/log.h"
#include "frontends/fuse/pidfile.h"
#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {
namespace {

std::string Absolute(const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof(cwd)) == nullptr) return path;
  return absl::StrCat(cwd, "/", path);
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

constexpr char kCpuDirectory[] = "sys/devices/system/cpu";

// The node at relative `path` ("a/b/c") of the table, or nullptr.
const Node* FindPath(const InodeTable& table, const std::string& path) {
  const Node* node = table.Find(InodeTable::kRootIno);
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (node == nullptr) break;
    node = table.Lookup(node->ino, std::string_view(part.data(), part.size()));
  }
  return node;
}

// The library to load when --library is not given: next to the binary,
// in its Bazel runfiles, or where a package installs it.
absl::StatusOr<std::string> DefaultLibrary() {
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  std::vector<std::string> candidates;
  if (n > 0) {
    const std::string self(exe, n);
    const std::string dir = self.substr(0, self.rfind('/'));
    candidates.push_back(dir + "/libprocview.so");
    candidates.push_back(self + ".runfiles/procview/lib/procview/abi/libprocview.so");
    candidates.push_back(dir + "/../lib/procview/libprocview.so");
  }
  candidates.push_back("/usr/lib/procview/libprocview.so");
  candidates.push_back("/usr/local/lib/procview/libprocview.so");
  for (const std::string& candidate : candidates) {
    if (Exists(candidate)) return candidate;
  }
  return absl::NotFoundError(absl::StrCat("no libprocview.so found (looked at ",
                                          absl::StrJoin(candidates, ", "),
                                          "); pass --library"));
}

uint32_t LibraryFlags(const CommandLine& command_line) {
  uint32_t flags = 0;
  if (!command_line.swap) flags |= PROCVIEW_OPT_NO_SWAP;
  if (command_line.cfs) flags |= PROCVIEW_OPT_CFS;
  if (command_line.loadavg) flags |= PROCVIEW_OPT_LOADAVG;
  return flags;
}

// Forks; the parent waits until the child reports readiness (one status
// byte on a pipe) and exits with that status, so `procviewfs MOUNT` returns
// once the mount is usable. Returns the pipe's write end in the child.
int Detach() {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    perror("procviewfs: pipe");
    exit(1);
  }
  const pid_t child = fork();
  if (child < 0) {
    perror("procviewfs: fork");
    exit(1);
  }
  if (child > 0) {
    close(pipe_fds[1]);
    unsigned char status = 1;
    ssize_t got;
    do {
      got = read(pipe_fds[0], &status, 1);
    } while (got < 0 && errno == EINTR);
    _exit(got == 1 ? status : 1);
  }
  close(pipe_fds[0]);
  setsid();
  return pipe_fds[1];
}

// Tells the waiting parent how startup went (once; *ready_fd becomes -1)
// and, on success, drops the terminal.
void ReportReady(int* ready_fd, unsigned char status, Logger* log) {
  if (*ready_fd < 0) return;
  ssize_t ignored = write(*ready_fd, &status, 1);
  (void)ignored;
  close(*ready_fd);
  *ready_fd = -1;
  if (status != 0) return;
  log->UseSyslog("procviewfs", /*also_stderr=*/false);
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    close(null_fd);
  }
  if (chdir("/") != 0) log->Warning("chdir /: %s", strerror(errno));
}

// Waits for SIGUSR1 (blocked in every thread) and reloads the library;
// also unloads retired generations once their last reader is done.
void ReloadLoop(Library* library, Logger* log, const std::atomic<bool>* stop) {
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  while (!stop->load()) {
    const struct timespec timeout = {0, 100 * 1000 * 1000};
    siginfo_t info;
    if (sigtimedwait(&usr1, &info, &timeout) == SIGUSR1) {
      log->Info("SIGUSR1 from pid %d: reloading %s", info.si_pid, library->settings().path);
      library->Reload().IgnoreError();  // logged; the old library stays
    }
    library->ReapRetired();
  }
}

// A FUSE argument vector: argv[0] and one -o with our options and the user's.
std::vector<std::string> FuseArguments(const CommandLine& command_line) {
  std::vector<std::string> options = {"allow_other", "fsname=procview", "subtype=procview"};
  options.insert(options.end(), command_line.fuse_options.begin(),
                 command_line.fuse_options.end());
  return {"procviewfs", "-o", absl::StrJoin(options, ",")};
}

// Everything after argument parsing; returns the exit status.
int Serve(const CommandLine& command_line, Logger* log, int* ready_fd) {
  absl::StatusOr<std::unique_ptr<PidFile>> pidfile = PidFile::Create(command_line.pidfile);
  if (!pidfile.ok()) {
    log->Error("%s", pidfile.status().ToString());
    return 1;
  }

  LibrarySettings settings;
  settings.scratch_dir = Absolute(command_line.runtime_dir);
  settings.flags = LibraryFlags(command_line);
  if (!command_line.library.empty()) {
    settings.path = Absolute(command_line.library);
  } else {
    absl::StatusOr<std::string> found = DefaultLibrary();
    if (!found.ok()) {
      log->Error("%s", found.status().ToString());
      return 1;
    }
    settings.path = *found;
  }
  Library library(settings, log);
  if (!library.LoadInitial().ok()) return 1;  // logged

  const bool host_pressure = Exists("/proc/pressure");
  absl::StatusOr<InodeTable> inodes =
      InodeTable::Build(ServedFiles(*library.Current(), host_pressure));
  if (!inodes.ok()) {
    log->Error("library file list: %s", inodes.status().ToString());
    return 1;
  }
  if (!host_pressure) log->Info("host has no /proc/pressure: not serving proc/pressure/*");

  const std::string mountpoint = Absolute(command_line.mountpoint);
  if (mkdir(mountpoint.c_str(), 0755) == 0) log->Info("created mount point %s", mountpoint);

  // The host's cpu directory behind ours (cpuN per reader, the rest as is).
  std::unique_ptr<CpuDirectory> cpu;
  if (const Node* cpu_dir = FindPath(*inodes, kCpuDirectory)) {
    absl::StatusOr<std::unique_ptr<CpuDirectory>> opened =
        CpuDirectory::Open(absl::StrCat("/", kCpuDirectory), cpu_dir->ino);
    if (opened.ok()) {
      cpu = std::move(*opened);
    } else {
      log->Warning("no host cpu passthrough: %s", opened.status().ToString());
    }
  }
  HostSizes sizes;
  Filesystem filesystem(&*inodes, &library, log, cpu.get(), &sizes);
  std::vector<std::string> fuse_strings = FuseArguments(command_line);
  std::vector<char*> fuse_argv;
  for (std::string& s : fuse_strings) fuse_argv.push_back(s.data());
  struct fuse_args args = FUSE_ARGS_INIT(static_cast<int>(fuse_argv.size()), fuse_argv.data());
  struct fuse_session* session =
      fuse_session_new(&args, &Filesystem::Operations(), sizeof(fuse_lowlevel_ops), &filesystem);
  fuse_opt_free_args(&args);
  if (session == nullptr) {
    log->Error("cannot create FUSE session (bad -o option?)");
    return 1;
  }
  filesystem.set_session(session);
  if (fuse_set_signal_handlers(session) != 0) {
    log->Error("cannot install signal handlers");
    fuse_session_destroy(session);
    return 1;
  }
  if (fuse_session_mount(session, mountpoint.c_str()) != 0) {
    log->Error("cannot mount on %s", mountpoint);
    fuse_remove_signal_handlers(session);
    fuse_session_destroy(session);
    return 1;
  }
  log->Info("serving %s (%d nodes) with %s, pid %d", mountpoint, static_cast<int>(inodes->size()),
            library.Current()->version(), static_cast<int>(getpid()));
  ReportReady(ready_fd, 0, log);

  // The reload thread must not take SIGTERM/SIGINT/SIGHUP away from the
  // main thread's FUSE handlers: create it with them blocked.
  std::atomic<bool> stop{false};
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  std::thread reloader(ReloadLoop, &library, log, &stop);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  int loop_result;
  if (command_line.single_threaded) {
    loop_result = fuse_session_loop(session);
  } else {
    struct fuse_loop_config config;
    memset(&config, 0, sizeof(config));
    config.clone_fd = 0;
    config.max_idle_threads = 10;
    loop_result = fuse_session_loop_mt(session, &config);
  }
  stop = true;
  reloader.join();
  fuse_session_unmount(session);
  fuse_remove_signal_handlers(session);
  fuse_session_destroy(session);
  log->Info("unmounted %s (loop ended with %d, %d files were open)", mountpoint, loop_result,
            filesystem.open_files());
  // A signal ends the loop with its number: that is a clean exit.
  return loop_result < 0 ? 1 : 0;
}

}  // namespace
}  // namespace fuse
}  // namespace procview

int main(int argc, char** argv) {
  using namespace procview::fuse;
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv);
  if (!command_line.ok()) {
    fprintf(stderr, "procviewfs: %s\nTry 'procviewfs --help'.\n",
            std::string(command_line.status().message()).c_str());
    return 1;
  }
  if (command_line->help) {
    fputs(Usage(argv[0]).c_str(), stdout);
    return 0;
  }
  if (command_line->version) {
    printf("procviewfs %s (library ABI %d)\n", kDaemonVersion, PROCVIEW_ABI_VERSION);
    return 0;
  }
  // SIGUSR1 is taken by the reload thread only: block it before any thread
  // exists so every thread inherits the mask.
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &usr1, nullptr);

  Logger log;
  if (command_line->debug) log.set_level(LogLevel::kDebug);
  int ready_fd = -1;
  if (!command_line->foreground) {
    ready_fd = Detach();
    log.UseSyslog("procviewfs", /*also_stderr=*/true);
  }
  const int status = Serve(*command_line, &log, &ready_fd);
  ReportReady(&ready_fd, static_cast<unsigned char>(status), &log);
  return status;
}
