// command_line.cc: parses procviewfs's flags with getopt_long.

#include "frontends/fuse/command_line.h"

#include <getopt.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace procview {
namespace fuse {
namespace {

// Long-only options get values above the char range.
enum LongOnly { kEnableCfs = 256, kRuntimeDir, kLibrary };

const struct option kLongOptions[] = {
    {"debug", no_argument, nullptr, 'd'},
    {"foreground", no_argument, nullptr, 'f'},
    {"enable-loadavg", no_argument, nullptr, 'l'},
    {"disable-swap", no_argument, nullptr, 'u'},
    {"enable-cfs", no_argument, nullptr, kEnableCfs},
    {"pidfile", required_argument, nullptr, 'p'},
    {"runtime-dir", required_argument, nullptr, kRuntimeDir},
    {"library", required_argument, nullptr, kLibrary},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'v'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  // getopt_long permutes and keeps state: work on a copy and restart it.
  std::vector<std::string> storage(argv, argv + argc);
  std::vector<char*> args;
  for (std::string& arg : storage) args.push_back(arg.data());
  args.push_back(nullptr);
  optind = 0;  // GNU: full re-initialisation
  opterr = 0;  // we report errors ourselves

  CommandLine out;
  bool pidfile_given = false;
  int opt;
  while ((opt = getopt_long(argc, args.data(), ":dfsluhvo:p:", kLongOptions, nullptr)) != -1) {
    switch (opt) {
      case 'd': out.debug = true; out.foreground = true; break;
      case 'f': out.foreground = true; break;
      case 's': out.single_threaded = true; break;
      case 'l': out.loadavg = true; break;
      case 'u': out.swap = false; break;
      case kEnableCfs: out.cfs = true; break;
      case 'p': out.pidfile = optarg; pidfile_given = true; break;
      case kRuntimeDir: out.runtime_dir = optarg; break;
      case kLibrary: out.library = optarg; break;
      case 'o': out.fuse_options.push_back(optarg); break;
      case 'h': out.help = true; break;
      case 'v': out.version = true; break;
      case ':':
        return absl::InvalidArgumentError(
            absl::StrCat("option ", args[optind - 1], " needs a value"));
      default:
        return absl::InvalidArgumentError(
            absl::StrCat("unknown option ", optopt != 0 ? std::string("-") + char(optopt)
                                                        : std::string(args[optind - 1])));
    }
  }
  if (out.runtime_dir.empty()) return absl::InvalidArgumentError("--runtime-dir is empty");
  if (!pidfile_given) out.pidfile = absl::StrCat(out.runtime_dir, "/procview.pid");
  if (out.pidfile.empty()) return absl::InvalidArgumentError("--pidfile is empty");
  if (out.help || out.version) return out;
  if (optind >= argc) return absl::InvalidArgumentError("missing MOUNTPOINT");
  if (argc - optind > 1) {
    return absl::InvalidArgumentError(absl::StrCat("unexpected argument ", args[optind + 1]));
  }
  out.mountpoint = args[optind];
  if (out.mountpoint.empty()) return absl::InvalidArgumentError("MOUNTPOINT is empty");
  return out;
}

std::string Usage(const char* program) {
  return absl::StrFormat(
      "Usage: %s [options] MOUNTPOINT\n"
      "\n"
      "Serves container-aware copies of /proc and /sys/devices/system/cpu files\n"
      "under MOUNTPOINT (LXCFS layout: MOUNTPOINT/proc/meminfo, ...).\n"
      "\n"
      "Options:\n"
      "  -f, --foreground      stay in the foreground (log to stderr)\n"
      "  -d, --debug           log every request: reader pid, container, file, time\n"
      "                        (implies -f)\n"
      "  -s                    single-threaded FUSE loop\n"
      "  -l, --enable-loadavg  per-container /proc/loadavg\n"
      "  -u, --disable-swap    report no swap in meminfo and swaps\n"
      "      --enable-cfs      CPU count also follows the CFS quota\n"
      "  -p, --pidfile=FILE    pid file (default RUNTIME_DIR/procview.pid)\n"
      "      --runtime-dir=DIR runtime directory (default /run)\n"
      "  -o OPT[,OPT...]       FUSE mount options (allow_other is always set)\n"
      "      --library=PATH    libprocview.so to load (default: next to the\n"
      "                        binary, then /usr/lib/procview/libprocview.so)\n"
      "  -h, --help            this text\n"
      "  -v, --version         print the version\n"
      "\n"
      "Signals: SIGUSR1 reloads the library from its path (a failed load keeps\n"
      "the old one); SIGTERM and SIGINT unmount and exit.\n",
      program);
}

}  // namespace fuse
}  // namespace procview
