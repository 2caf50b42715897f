// cached_cgroup_tree_test.cc: the cache opens each text once, never caches
// values, forgets a container whose reads say NotFound, stays bounded, and
// over the recorded v1 tree gives the same answers as CgroupFs itself.
#include "lib/procview/source/cached_cgroup_tree.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/fixture_tree.h"

namespace procview {
namespace {

// Containers whose values live in the tree and are read on every call, as
// CgroupFs reads files; counts the Opens that reach it.
struct LiveState {
  std::map<std::string, uint64_t> usage;  // cgroup text -> usage; absent: gone
  int opens = 0;
};

class LiveSource : public CgroupSource {
 public:
  LiveSource(const LiveState* state, std::string key) : state_(state), key_(std::move(key)) {}
  CgroupLayout layout() const override { return CgroupLayout::kV1; }
  absl::StatusOr<MemoryReadings> Memory() const override {
    auto it = state_->usage.find(key_);
    if (it == state_->usage.end()) return absl::NotFoundError("cgroup gone");
    MemoryReadings m;
    m.usage = it->second;
    return m;
  }
  absl::StatusOr<CpuReadings> Cpu() const override { return absl::NotFoundError("no cpu"); }
  absl::StatusOr<std::vector<IoDeviceStats>> Io() const override {
    return absl::InternalError("io broken");
  }
  absl::StatusOr<std::string> Slabinfo() const override { return absl::NotFoundError("none"); }
  absl::StatusOr<std::string> Pressure(PressureResource) const override {
    return absl::NotFoundError("none");
  }
  absl::StatusOr<std::vector<pid_t>> Tasks() const override { return std::vector<pid_t>{1}; }

 private:
  const LiveState* state_;
  const std::string key_;
};

class LiveTree : public CgroupTree {
 public:
  explicit LiveTree(LiveState* state) : state_(state) {}
  CgroupLayout layout() const override { return CgroupLayout::kV1; }
  absl::StatusOr<std::unique_ptr<CgroupSource>> Open(std::string_view text) const override {
    ++state_->opens;
    if (state_->usage.count(std::string(text)) == 0) return absl::NotFoundError("cgroup gone");
    return std::unique_ptr<CgroupSource>(new LiveSource(state_, std::string(text)));
  }

 private:
  LiveState* state_;
};

uint64_t UsageOf(const CgroupTree& tree, const std::string& text) {
  absl::StatusOr<std::unique_ptr<CgroupSource>> source = tree.Open(text);
  EXPECT_TRUE(source.ok()) << source.status();
  if (!source.ok()) return 0;
  absl::StatusOr<MemoryReadings> m = (*source)->Memory();
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? m->usage : 0;
}

TEST(CachedCgroupTree, OpensEachTextOnceAndReadsValuesEveryTime) {
  LiveState state;
  state.usage["4:memory:/a\n"] = 100;
  state.usage["4:memory:/b\n"] = 200;
  std::unique_ptr<CgroupTree> tree = NewCachedCgroupTree(std::make_unique<LiveTree>(&state));
  EXPECT_EQ(UsageOf(*tree, "4:memory:/a\n"), 100u);
  state.usage["4:memory:/a\n"] = 150;  // changed just before the read
  EXPECT_EQ(UsageOf(*tree, "4:memory:/a\n"), 150u);
  EXPECT_EQ(state.opens, 1);
  EXPECT_EQ(UsageOf(*tree, "4:memory:/b\n"), 200u);
  EXPECT_EQ(state.opens, 2);
}

TEST(CachedCgroupTree, NotFoundFromAReadMakesTheNextOpenGoToTheTree) {
  LiveState state;
  state.usage["4:memory:/a\n"] = 100;
  std::unique_ptr<CgroupTree> tree = NewCachedCgroupTree(std::make_unique<LiveTree>(&state));
  absl::StatusOr<std::unique_ptr<CgroupSource>> kept = tree->Open("4:memory:/a\n");
  ASSERT_TRUE(kept.ok());
  state.usage.erase("4:memory:/a\n");  // removed while kept
  EXPECT_TRUE(absl::IsNotFound((*kept)->Memory().status()));
  absl::StatusOr<std::unique_ptr<CgroupSource>> again = tree->Open("4:memory:/a\n");
  EXPECT_TRUE(absl::IsNotFound(again.status())) << again.status();
  EXPECT_EQ(state.opens, 2);
  // Re-created: opened afresh, and kept again.
  state.usage["4:memory:/a\n"] = 300;
  EXPECT_EQ(UsageOf(*tree, "4:memory:/a\n"), 300u);
  EXPECT_EQ(UsageOf(*tree, "4:memory:/a\n"), 300u);
  EXPECT_EQ(state.opens, 3);
}

TEST(CachedCgroupTree, OtherErrorsKeepTheEntry) {
  LiveState state;
  state.usage["4:memory:/a\n"] = 100;
  std::unique_ptr<CgroupTree> tree = NewCachedCgroupTree(std::make_unique<LiveTree>(&state));
  absl::StatusOr<std::unique_ptr<CgroupSource>> kept = tree->Open("4:memory:/a\n");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ((*kept)->Io().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(UsageOf(*tree, "4:memory:/a\n"), 100u);
  EXPECT_EQ(state.opens, 1);
}

TEST(CachedCgroupTree, OpenErrorsAreNotKept) {
  LiveState state;
  std::unique_ptr<CgroupTree> tree = NewCachedCgroupTree(std::make_unique<LiveTree>(&state));
  EXPECT_TRUE(absl::IsNotFound(tree->Open("4:memory:/new\n").status()));
  state.usage["4:memory:/new\n"] = 7;  // created after the failed open
  EXPECT_EQ(UsageOf(*tree, "4:memory:/new\n"), 7u);
  EXPECT_EQ(state.opens, 2);
}

TEST(CachedCgroupTree, EvictsTheLeastRecentlyUsedBeyondItsBound) {
  LiveState state;
  for (const char* text : {"1:memory:/a\n", "1:memory:/b\n", "1:memory:/c\n"}) {
    state.usage[text] = 1;
  }
  std::unique_ptr<CgroupTree> tree =
      NewCachedCgroupTree(std::make_unique<LiveTree>(&state), /*max_entries=*/2);
  UsageOf(*tree, "1:memory:/a\n");
  UsageOf(*tree, "1:memory:/b\n");
  UsageOf(*tree, "1:memory:/a\n");  // a is now the most recent
  UsageOf(*tree, "1:memory:/c\n");  // evicts b
  EXPECT_EQ(state.opens, 3);
  UsageOf(*tree, "1:memory:/a\n");
  EXPECT_EQ(state.opens, 3);
  UsageOf(*tree, "1:memory:/b\n");
  EXPECT_EQ(state.opens, 4);
}

// Over real files: a limit written between two reads shows in the second,
// and a removed cgroup answers NotFound on its next read and its next Open,
// as CgroupFs does without the cache.
TEST(CachedCgroupTree, OverCgroupFsLimitsAreLiveAndRemovalIsSeen) {
  absl::StatusOr<std::string> copy = CopyFixtureTree("tests/fixtures/cgroup-v1");
  ASSERT_TRUE(copy.ok()) << copy.status();
  const std::string root = *copy + "/cgroup";
  absl::StatusOr<std::unique_ptr<CgroupFs>> fs = CgroupFs::Create(root);
  ASSERT_TRUE(fs.ok()) << fs.status();
  std::unique_ptr<CgroupTree> tree = NewCachedCgroupTree(*std::move(fs));
  const std::string text = "4:memory:/pvrec-parent/tight\n";
  const std::string dir = root + "/memory/pvrec-parent/tight";

  absl::StatusOr<std::unique_ptr<CgroupSource>> first = tree->Open(text);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*first)->Memory().ok());
  std::ofstream(dir + "/memory.limit_in_bytes", std::ios::trunc) << "1048576\n";
  ASSERT_TRUE(SetMemoryStatLine(dir, "hierarchical_memory_limit", 1048576).ok());  // as the kernel
  absl::StatusOr<std::unique_ptr<CgroupSource>> second = tree->Open(text);
  ASSERT_TRUE(second.ok()) << second.status();
  absl::StatusOr<MemoryReadings> m = (*second)->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, Limit(1048576));

  std::filesystem::remove_all(dir);
  absl::StatusOr<std::unique_ptr<CgroupSource>> third = tree->Open(text);
  ASSERT_TRUE(third.ok()) << third.status();  // still kept until a read fails
  EXPECT_TRUE(absl::IsNotFound((*third)->Memory().status()));
  EXPECT_TRUE(absl::IsNotFound(tree->Open(text).status()));
}

}  // namespace
}  // namespace procview
