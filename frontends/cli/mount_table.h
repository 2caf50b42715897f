// mount_table.h: /proc/PID/mountinfo parsed into entries, and which of them
// are procview's (the daemon's mount and files bind-mounted from it).
#ifndef PROCVIEW_FRONTENDS_CLI_MOUNT_TABLE_H_
#define PROCVIEW_FRONTENDS_CLI_MOUNT_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace procview::cli {

struct MountEntry {
  int id = 0;
  int parent_id = 0;
  std::string root;         // path inside the mounted filesystem ("/proc/meminfo" for a bind)
  std::string mount_point;  // relative to the reading process's root
  std::string fstype;       // e.g. "fuse.procview"
  std::string source;       // e.g. "procview"
};

// Parses mountinfo text (proc(5)). Octal escapes (\040 etc.) in paths are
// decoded. InvalidArgument on a line without the " - " separator or with
// too few fields.
absl::StatusOr<std::vector<MountEntry>> ParseMountInfo(absl::string_view text);

// True for a mount of procviewfs: fstype fuse.procview (or fuse.procviewfs),
// or a fuse mount whose source is "procview".
bool IsProcviewMount(const MountEntry& entry);

// The procview mounts in `mounts` that are single files bind-mounted from
// the daemon's tree (root is a file path, not "/"), in mount order.
std::vector<MountEntry> ProcviewBindMounts(const std::vector<MountEntry>& mounts);

// The last mount whose mount point is exactly `path`, or nullptr.
const MountEntry* MountAt(const std::vector<MountEntry>& mounts, const std::string& path);

// Reads and parses PROC_ROOT/PID/mountinfo ("self" for pid 0).
absl::StatusOr<std::vector<MountEntry>> ReadMountInfo(const std::string& proc_root, int pid);

}  // namespace procview::cli

#endif  // PROCVIEW_FRONTENDS_CLI_MOUNT_TABLE_H_
