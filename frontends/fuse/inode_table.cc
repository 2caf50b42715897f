// inode_table.cc: builds and searches the fixed tree of served files.

#include "frontends/fuse/inode_table.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace fuse {

absl::StatusOr<InodeTable> InodeTable::Build(const std::vector<FileEntry>& files) {
  InodeTable table;
  table.nodes_.push_back(Node{kRootIno, kRootIno, "", "", NodeKind::kDirectory, 0});
  for (const FileEntry& file : files) {
    if (file.path.empty() || file.path.front() == '/' || file.kind == NodeKind::kDirectory) {
      return absl::InvalidArgumentError(absl::StrCat("bad file entry '", file.path, "'"));
    }
    std::vector<absl::string_view> parts =
        absl::StrSplit(absl::string_view(file.path.data(), file.path.size()), '/');
    uint64_t parent = kRootIno;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      absl::StatusOr<uint64_t> dir =
          table.Directory(parent, std::string_view(parts[i].data(), parts[i].size()));
      if (!dir.ok()) return dir.status();
      parent = *dir;
    }
    const std::string_view name(parts.back().data(), parts.back().size());
    if (name.empty()) return absl::InvalidArgumentError("empty name in '" + file.path + "'");
    if (table.Lookup(parent, name) != nullptr) {
      return absl::InvalidArgumentError("duplicate path '" + file.path + "'");
    }
    const uint64_t ino = table.nodes_.size() + 1;
    table.nodes_.push_back(
        Node{ino, parent, std::string(name), file.path, file.kind, file.file_id});
  }
  return table;
}

absl::StatusOr<uint64_t> InodeTable::Directory(uint64_t parent, std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("empty path component");
  if (const Node* existing = Lookup(parent, name)) {
    if (existing->kind != NodeKind::kDirectory) {
      return absl::InvalidArgumentError(absl::StrCat("'", existing->path, "' is a file"));
    }
    return existing->ino;
  }
  const Node& up = nodes_[parent - 1];
  const uint64_t ino = nodes_.size() + 1;
  std::string path =
      up.path.empty() ? std::string(name) : absl::StrCat(up.path, "/", std::string(name));
  nodes_.push_back(Node{ino, parent, std::string(name), std::move(path), NodeKind::kDirectory, 0});
  return ino;
}

const Node* InodeTable::Find(uint64_t ino) const {
  if (ino == 0 || ino > nodes_.size()) return nullptr;
  return &nodes_[ino - 1];
}

const Node* InodeTable::Lookup(uint64_t parent, std::string_view name) const {
  // A few dozen nodes: a scan beats any index.
  for (const Node& node : nodes_) {
    if (node.ino != kRootIno && node.parent == parent && node.name == name) return &node;
  }
  return nullptr;
}

std::vector<const Node*> InodeTable::Children(uint64_t dir) const {
  std::vector<const Node*> out;
  for (const Node& node : nodes_) {
    if (node.ino != kRootIno && node.parent == dir) out.push_back(&node);
  }
  return out;
}

}  // namespace fuse
}  // namespace procview
