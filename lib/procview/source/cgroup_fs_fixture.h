// cgroup_fs_fixture.h: CgroupFs over a copy of a recorded fixture tree,
// for the CgroupFs tests.
#ifndef PROCVIEW_SOURCE_CGROUP_FS_FIXTURE_H_
#define PROCVIEW_SOURCE_CGROUP_FS_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/fixture_tree.h"

namespace procview {

struct Fixture {
  std::string cgroup_root;
  std::string busy_cgroup;  // /proc/PID/cgroup text of the recorded process
  std::unique_ptr<CgroupFs> tree;
};

inline Fixture Load(const std::string& name) {
  Fixture f;
  const std::string dir = absl::StrCat("tests/fixtures/", name);
  absl::StatusOr<std::string> copy = CopyFixtureTree(dir);
  EXPECT_TRUE(copy.ok()) << copy.status();
  f.cgroup_root = *copy + "/cgroup";
  f.busy_cgroup = *ReadRunfile(dir + "/busy_cgroup.txt");
  absl::StatusOr<std::unique_ptr<CgroupFs>> tree = CgroupFs::Create(f.cgroup_root);
  EXPECT_TRUE(tree.ok()) << tree.status();
  f.tree = std::move(*tree);
  return f;
}

inline std::unique_ptr<CgroupSource> OpenOrDie(const Fixture& f, const std::string& text) {
  absl::StatusOr<std::unique_ptr<CgroupSource>> source = f.tree->Open(text);
  EXPECT_TRUE(source.ok()) << source.status();
  return source.ok() ? std::move(*source) : nullptr;
}

// The recorded tree `name`, checked to have `layout`, with its busy cgroup
// opened (cg is null, after a test failure, when it can't be).
struct Busy {
  Fixture f;
  std::unique_ptr<CgroupSource> cg;
};

inline Busy OpenBusy(const std::string& name, CgroupLayout layout) {
  Busy b{Load(name), nullptr};
  EXPECT_EQ(b.f.tree->layout(), layout);
  b.cg = OpenOrDie(b.f, b.f.busy_cgroup);
  return b;
}

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_FS_FIXTURE_H_
