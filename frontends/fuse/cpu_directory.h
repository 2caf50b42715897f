// cpu_directory.h: the host parts of sys/devices/system/cpu, per reader.
//
// The served cpu directory holds the library's online/present/possible and,
// from the host's /sys/devices/system/cpu, everything else: kernel_max,
// vulnerabilities/, cpufreq/, ... unchanged, and the cpuN directories of the
// reader's CPUs only, renumbered: the reader's cpuK is the host directory of
// the K-th CPU it may use (visible_cpus), so cpuset 1 shows one cpu0 whose
// topology files are the host's cpu1's.
//
// Host entries are served read-only: files are read whole at open, symlinks
// are shown as symlinks with the host's link text (the daemon never follows
// them; the kernel resolves them in the reader's own mount namespace, so
// cpu0/node0 -> ../../node/node0 leads to the reader's sysfs), and every host
// path is opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) below
// the host directory, so neither ".." nor a symlink can leave it.
//
// Inodes: a node is made on first lookup (or readdir) and kept for the
// daemon's life, keyed by (parent inode, name, host path); the same host
// directory seen as cpu0 by one reader and cpu1 by another is two nodes, so
// no directory inode ever has two names. The host tree is finite, so the
// table is bounded by (names a reader can see) x (host CPUs they map to);
// a hard cap (kMaxNodes) turns anything beyond into ENOMEM instead of growth.
#ifndef PROCVIEW_FRONTENDS_FUSE_CPU_DIRECTORY_H_
#define PROCVIEW_FRONTENDS_FUSE_CPU_DIRECTORY_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "frontends/fuse/inode_table.h"

namespace procview {
namespace fuse {

// One directory entry: its name and its node.
using DirEntry = std::pair<std::string, const Node*>;

class CpuDirectory {
 public:
  static constexpr uint64_t kFirstIno = uint64_t{1} << 32;  // above the fixed table
  static constexpr size_t kMaxNodes = size_t{1} << 17;

  // Serves the host directory `host_root` as the children of the fixed
  // directory `dir_ino`. NotFound (with errno text) when it cannot be opened.
  static absl::StatusOr<std::unique_ptr<CpuDirectory>> Open(const std::string& host_root,
                                                            uint64_t dir_ino);
  ~CpuDirectory();
  CpuDirectory(const CpuDirectory&) = delete;
  CpuDirectory& operator=(const CpuDirectory&) = delete;

  uint64_t dir_ino() const { return dir_ino_; }
  // True for "cpu" followed by decimal digits only (cpu0, cpu12; not cpufreq).
  static bool IsCpuName(std::string_view name);

  // The passthrough node `ino`, or nullptr.
  const Node* Find(uint64_t ino) const;

  // The node a reader sees as `name` in `parent` (dir_ino() or a passthrough
  // directory). `visible` lists the reader's host CPUs (container cpuK =
  // visible[K]); it is used only for cpuN names in dir_ino(). Returns 0 and
  // sets *out, or -ENOENT / -ENOTDIR / -ENOMEM.
  int Lookup(uint64_t parent, std::string_view name, const std::vector<int>& visible,
             const Node** out);

  // The host entries of the cpu directory for a reader, in host order:
  // everything except cpuN and the names in `own` (served elsewhere), then
  // cpu0..cpu(n-1) for the n visible CPUs whose host directory exists.
  int ListTop(const std::vector<int>& visible, const std::set<std::string>& own,
              std::vector<DirEntry>* out);
  // The entries of passthrough directory `dir` (no "." or "..").
  int List(const Node& dir, std::vector<DirEntry>* out);

  // lstat of the host entry with write permissions removed and st_ino set.
  int Stat(const Node& node, struct stat* st) const;
  // The host symlink's text.
  int ReadLink(const Node& node, std::string* out) const;
  // The host file's content (at most 1 MiB).
  int ReadFile(const Node& node, std::string* out) const;
  // 0 when `uid` may read `node`: its host mode lets others read, or uid 0.
  int CheckRead(const Node& node, uid_t uid) const;

  // Every host CPU with a cpuN directory, ascending (the identity view, used
  // when a reader's CPUs are unknown).
  std::vector<int> HostCpus() const;

  size_t node_count() const;

 private:
  CpuDirectory(int root_fd, uint64_t dir_ino) : root_fd_(root_fd), dir_ino_(dir_ino) {}
  // openat2 of host path `path` (relative, "" for the root) below root_fd_.
  int OpenHost(const std::string& path, int flags) const;
  // The node for (parent, name, host_path), made when missing.
  int Intern(uint64_t parent, std::string_view name, const std::string& host_path,
             const Node** out);
  // Host entries of `path` as (name, host child path), sorted by name.
  int ReadHostDir(const std::string& path, std::vector<std::string>* names) const;

  const int root_fd_;
  const uint64_t dir_ino_;
  mutable std::mutex mu_;  // guards nodes_ and index_
  std::deque<Node> nodes_;  // nodes_[ino - kFirstIno]; references stay valid
  std::unordered_map<std::string, uint64_t> index_;
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_CPU_DIRECTORY_H_
