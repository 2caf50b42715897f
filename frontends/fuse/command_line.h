// command_line.h: procviewfs's flags, parsed LXCFS-style.
//
//   procviewfs [options] MOUNTPOINT
//
// Flags that LXCFS has keep its names and meaning (-f -d -l -u --enable-cfs
// -p -o --runtime-dir), so LXCFS service files work with the binary swapped.
#ifndef PROCVIEW_FRONTENDS_FUSE_COMMAND_LINE_H_
#define PROCVIEW_FRONTENDS_FUSE_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {
namespace fuse {

struct CommandLine {
  std::string mountpoint;
  bool foreground = false;      // -f (also implied by -d)
  bool debug = false;           // -d: log every request
  bool single_threaded = false; // -s
  bool loadavg = false;         // -l, --enable-loadavg
  bool swap = true;             // -u, --disable-swap turns it off
  bool cfs = false;             // --enable-cfs
  std::string runtime_dir = "/run";  // --runtime-dir
  std::string pidfile;               // -p, --pidfile; default RUNTIME_DIR/procview.pid
  std::vector<std::string> fuse_options;  // every -o, passed to FUSE as given
  std::string library;  // --library; empty: look next to the binary (see main)
  bool help = false;     // -h, --help
  bool version = false;  // -v, --version
};

// Parses argv (argv[0] is the program). InvalidArgument with a message fit
// for the user on unknown flags, missing values, or a missing or extra
// MOUNTPOINT (none is needed with -h or -v).
absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// The -h text.
std::string Usage(const char* program);

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_COMMAND_LINE_H_
