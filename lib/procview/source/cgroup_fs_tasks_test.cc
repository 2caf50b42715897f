// cgroup_fs_tasks_test.cc: CgroupFs::Tasks on recorded v1 trees: which
// cgroups are listed, the bounds, malformed task files.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/cgroup_fs_fixture.h"

namespace procview {
namespace {

TEST(CgroupFsV1, TasksIncludeTheRecordedProcess) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<pid_t>> tasks = cg->Tasks();
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  EXPECT_EQ(*tasks, std::vector<pid_t>{15228});
}

TEST(CgroupFsV1, TasksLookAtABoundedNumberOfSubCgroupsNearestFirst) {
  // A container made 500 sub-cgroups, each holding one task, and a chain of
  // nested ones; only kMaxTaskCgroups cgroups are looked at, nearest first.
  Fixture f = Load("cgroup-v1");
  const std::string tight = f.cgroup_root + "/cpu/pvrec-parent/tight";
  for (int i = 0; i < 500; ++i) {
    const std::string dir = absl::StrCat(tight, "/sub ", i);
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/tasks") << 100000 + i << "\n";
  }
  std::string deep = tight;
  for (int i = 0; i < 100; ++i) {
    deep += absl::StrCat("/deep", i);
    std::filesystem::create_directories(deep);
    std::ofstream(deep + "/tasks") << 200000 + i << "\n";
  }
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, "1:cpu:/pvrec-parent/tight\n");
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<pid_t>> tasks = cg->Tasks();
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  // Its own task file is empty: one task per sub-cgroup looked at.
  EXPECT_EQ(tasks->size(), kMaxTaskCgroups - 1);
  // Nothing of the chain's deeper levels (they are furthest away).
  EXPECT_LT(tasks->back(), 200001);
}

TEST(CgroupFsV1, TasksKeepAtMostMaxTasks) {
  Fixture f = Load("cgroup-v1");
  std::ofstream out(f.cgroup_root + "/cpu/pvrec-parent/tight/tasks");
  for (size_t pid = 1; pid <= kMaxTasks + 1000; ++pid) out << pid << "\n";
  out.close();
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, "1:cpu:/pvrec-parent/tight\n");
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<pid_t>> tasks = cg->Tasks();
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  EXPECT_EQ(tasks->size(), kMaxTasks);
}

TEST(CgroupFsV1, TasksSkipEmptyLinesAndRefuseWhatIsNoPid) {
  Fixture f = Load("cgroup-v1");
  const std::string file = f.cgroup_root + "/cpu/pvrec-parent/tight/tasks";
  std::ofstream(file) << "12\n\n+7\n 9\n";  // SimpleAtoi's spellings too
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, "1:cpu:/pvrec-parent/tight\n");
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<pid_t>> tasks = cg->Tasks();
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  EXPECT_EQ(*tasks, (std::vector<pid_t>{7, 9, 12}));
  for (const char* bad : {"12\nx7\n", "0\n", "-3\n", "4294967308\n"}) {
    std::ofstream(file) << bad;
    absl::Status status = cg->Tasks().status();
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << bad << ": " << status;
    EXPECT_TRUE(absl::StrContains(status.message(), "malformed pid")) << status;
  }
}

}  // namespace
}  // namespace procview
