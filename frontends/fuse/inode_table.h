// inode_table.h: the fixed tree procviewfs serves, with stable inode numbers.
//
// Built once at startup (LXCFS layout: proc/meminfo, proc/pressure/cpu,
// sys/devices/system/cpu/online, ...), never changed afterwards, so lookups
// need no locking. Directories are implied by the files' paths.
#ifndef PROCVIEW_FRONTENDS_FUSE_INODE_TABLE_H_
#define PROCVIEW_FRONTENDS_FUSE_INODE_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {
namespace fuse {

enum class NodeKind {
  kDirectory,
  kLibraryFile,  // rendered by libprocview (file_id is a PROCVIEW_FILE_*)
  kVersionFile,  // rendered by the daemon: daemon and library versions
  kPassthrough,  // a host sysfs entry under sys/devices/system/cpu (path is
                 // relative to the host's cpu directory; see cpu_directory.h)
};

struct Node {
  uint64_t ino = 0;
  uint64_t parent = 0;  // the root is its own parent
  std::string name;     // "" for the root
  std::string path;     // "proc/meminfo"; "" for the root
  NodeKind kind = NodeKind::kDirectory;
  uint32_t file_id = 0;  // kLibraryFile only
};

// One file to serve.
struct FileEntry {
  std::string path;  // relative, "/"-separated, e.g. "proc/pressure/io"
  NodeKind kind = NodeKind::kLibraryFile;
  uint32_t file_id = 0;
};

class InodeTable {
 public:
  static constexpr uint64_t kRootIno = 1;  // FUSE_ROOT_ID

  // Builds the tree holding `files`, in order (inode numbers follow it).
  // InvalidArgument for an empty or absolute path, an empty path component,
  // a duplicate, or a file used as a directory.
  static absl::StatusOr<InodeTable> Build(const std::vector<FileEntry>& files);

  // The node with number `ino`, or nullptr.
  const Node* Find(uint64_t ino) const;
  // The child `name` of directory `parent`, or nullptr.
  const Node* Lookup(uint64_t parent, std::string_view name) const;
  // The children of directory `dir`, in build order (empty for a file).
  std::vector<const Node*> Children(uint64_t dir) const;
  size_t size() const { return nodes_.size(); }

 private:
  InodeTable() = default;
  // Index of the child directory `name` of `parent`, created when missing.
  absl::StatusOr<uint64_t> Directory(uint64_t parent, std::string_view name);

  std::vector<Node> nodes_;  // nodes_[ino - 1]
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_INODE_TABLE_H_
