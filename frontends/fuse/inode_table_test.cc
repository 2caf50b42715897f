// inode_table_test.cc: the fixed tree of served files.

#include "frontends/fuse/inode_table.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace procview {
namespace fuse {
namespace {

std::vector<FileEntry> LxcfsLayout() {
  return {
      {"proc/meminfo", NodeKind::kLibraryFile, 0},
      {"proc/pressure/cpu", NodeKind::kLibraryFile, 8},
      {"proc/pressure/io", NodeKind::kLibraryFile, 9},
      {"sys/devices/system/cpu/online", NodeKind::kLibraryFile, 11},
      {".procview/version", NodeKind::kVersionFile, 0},
  };
}

std::vector<std::string> Names(const InodeTable& table, uint64_t dir) {
  std::vector<std::string> names;
  for (const Node* node : table.Children(dir)) names.push_back(node->name);
  return names;
}

// Follows a "/"-separated path from the root.
const Node* Walk(const InodeTable& table, const std::string& path) {
  const Node* node = table.Find(InodeTable::kRootIno);
  size_t start = 0;
  while (node != nullptr && start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    node = table.Lookup(node->ino, path.substr(start, end - start));
    start = end + 1;
  }
  return node;
}

TEST(InodeTable, BuildsDirectoriesFromPaths) {
  absl::StatusOr<InodeTable> table = InodeTable::Build(LxcfsLayout());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(Names(*table, InodeTable::kRootIno),
            (std::vector<std::string>{"proc", "sys", ".procview"}));
  const Node* proc = Walk(*table, "proc");
  ASSERT_NE(proc, nullptr);
  EXPECT_EQ(proc->kind, NodeKind::kDirectory);
  EXPECT_EQ(Names(*table, proc->ino), (std::vector<std::string>{"meminfo", "pressure"}));
  const Node* online = Walk(*table, "sys/devices/system/cpu/online");
  ASSERT_NE(online, nullptr);
  EXPECT_EQ(online->kind, NodeKind::kLibraryFile);
  EXPECT_EQ(online->file_id, 11u);
  EXPECT_EQ(online->path, "sys/devices/system/cpu/online");
  EXPECT_EQ(Walk(*table, "sys/devices/system/cpu")->path, "sys/devices/system/cpu");
  EXPECT_EQ(Walk(*table, ".procview/version")->kind, NodeKind::kVersionFile);
}

TEST(InodeTable, InodesAreStableAndParentsLinked) {
  absl::StatusOr<InodeTable> first = InodeTable::Build(LxcfsLayout());
  absl::StatusOr<InodeTable> second = InodeTable::Build(LxcfsLayout());
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), second->size());
  for (uint64_t ino = 1; ino <= first->size(); ++ino) {
    const Node* node = first->Find(ino);
    ASSERT_NE(node, nullptr);
    EXPECT_EQ(node->ino, ino);
    EXPECT_EQ(node->path, second->Find(ino)->path);
    if (ino != InodeTable::kRootIno) {
      EXPECT_EQ(first->Lookup(node->parent, node->name), node);
    }
  }
  EXPECT_EQ(first->Find(InodeTable::kRootIno)->parent, InodeTable::kRootIno);
}

TEST(InodeTable, UnknownNamesAndInodesAreAbsent) {
  absl::StatusOr<InodeTable> table = InodeTable::Build(LxcfsLayout());
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Find(0), nullptr);
  EXPECT_EQ(table->Find(table->size() + 1), nullptr);
  EXPECT_EQ(Walk(*table, "proc/nope"), nullptr);
  EXPECT_EQ(Walk(*table, "proc/meminfo/x"), nullptr);
  EXPECT_EQ(table->Lookup(InodeTable::kRootIno, ""), nullptr);
  EXPECT_TRUE(table->Children(Walk(*table, "proc/meminfo")->ino).empty());
}

TEST(InodeTable, RejectsBadLayouts) {
  EXPECT_FALSE(InodeTable::Build({{"", NodeKind::kLibraryFile, 0}}).ok());
  EXPECT_FALSE(InodeTable::Build({{"/proc/meminfo", NodeKind::kLibraryFile, 0}}).ok());
  EXPECT_FALSE(InodeTable::Build({{"proc//meminfo", NodeKind::kLibraryFile, 0}}).ok());
  EXPECT_FALSE(InodeTable::Build({{"proc/", NodeKind::kLibraryFile, 0}}).ok());
  EXPECT_FALSE(InodeTable::Build({{"proc/a", NodeKind::kLibraryFile, 0},
                                  {"proc/a", NodeKind::kLibraryFile, 1}})
                   .ok());
  EXPECT_FALSE(InodeTable::Build({{"proc/a", NodeKind::kLibraryFile, 0},
                                  {"proc/a/b", NodeKind::kLibraryFile, 1}})
                   .ok());
  EXPECT_FALSE(InodeTable::Build({{"proc", NodeKind::kDirectory, 0}}).ok());
}

}  // namespace
}  // namespace fuse
}  // namespace procview
