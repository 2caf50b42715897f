// cpu_directory_test.cc: per-reader cpuN renumbering and safe passthrough,
// on a host-like tree made in a temp directory.

#include "frontends/fuse/cpu_directory.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace procview {
namespace fuse {
namespace {

constexpr uint64_t kDirIno = 7;

void Write(const std::string& path, const std::string& text, mode_t mode = 0444) {
  FILE* f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr) << path;
  fputs(text.c_str(), f);
  fclose(f);
  chmod(path.c_str(), mode);
}

class CpuDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/cpu_directory_test.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    base_ = dir;
    root_ = base_ + "/cpu";
    mkdir(root_.c_str(), 0755);
    for (int cpu = 0; cpu < 3; ++cpu) {
      const std::string d = root_ + "/cpu" + std::to_string(cpu);
      mkdir(d.c_str(), 0755);
      mkdir((d + "/topology").c_str(), 0755);
      Write(d + "/topology/core_id", std::to_string(cpu * 10) + "\n");
      ASSERT_EQ(symlink("../../node/node0", (d + "/node0").c_str()), 0);
    }
    Write(root_ + "/kernel_max", "8191\n");
    Write(root_ + "/online", "0-2\n");
    Write(root_ + "/secret", "root only\n", 0400);
    mkdir((root_ + "/cpufreq").c_str(), 0755);
    Write(base_ + "/outside", "outside\n");
    ASSERT_EQ(symlink("../outside", (root_ + "/escape").c_str()), 0);
    auto opened = CpuDirectory::Open(root_, kDirIno);
    ASSERT_TRUE(opened.ok()) << opened.status();
    cpu_ = std::move(*opened);
  }

  std::vector<std::string> Names(const std::vector<DirEntry>& entries) {
    std::vector<std::string> names;
    for (const DirEntry& e : entries) names.push_back(e.first);
    return names;
  }

  std::string base_, root_;
  std::unique_ptr<CpuDirectory> cpu_;
};

TEST(CpuDirectoryName, IsCpuNameOnlyForCpuAndDigits) {
  EXPECT_TRUE(CpuDirectory::IsCpuName("cpu0"));
  EXPECT_TRUE(CpuDirectory::IsCpuName("cpu127"));
  EXPECT_FALSE(CpuDirectory::IsCpuName("cpu"));
  EXPECT_FALSE(CpuDirectory::IsCpuName("cpufreq"));
  EXPECT_FALSE(CpuDirectory::IsCpuName("cpu1a"));
}

TEST_F(CpuDirectoryTest, ListTopRenumbersVisibleCpusAndKeepsTheRest) {
  std::vector<DirEntry> entries;
  ASSERT_EQ(cpu_->ListTop({2}, {"online"}, &entries), 0);
  EXPECT_EQ(Names(entries),
            (std::vector<std::string>{"cpufreq", "escape", "kernel_max", "secret", "cpu0"}));
  ASSERT_EQ(cpu_->ListTop({0, 1, 2}, {"online"}, &entries), 0);
  EXPECT_EQ(Names(entries).back(), "cpu2");
  EXPECT_EQ(entries.size(), 7u);
}

TEST_F(CpuDirectoryTest, ContainerCpu0IsTheKthHostCpu) {
  const Node* cpu0 = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu0", {2}, &cpu0), 0);
  EXPECT_EQ(cpu0->path, "cpu2");
  const Node* topology = nullptr;
  ASSERT_EQ(cpu_->Lookup(cpu0->ino, "topology", {}, &topology), 0);
  const Node* core = nullptr;
  ASSERT_EQ(cpu_->Lookup(topology->ino, "core_id", {}, &core), 0);
  std::string text;
  ASSERT_EQ(cpu_->ReadFile(*core, &text), 0);
  EXPECT_EQ(text, "20\n");
  const Node* none = nullptr;
  EXPECT_EQ(cpu_->Lookup(kDirIno, "cpu1", {2}, &none), -ENOENT);
  EXPECT_EQ(cpu_->Lookup(kDirIno, "cpu0", {5}, &none), -ENOENT) << "no host cpu5";
}

TEST_F(CpuDirectoryTest, SameHostCpuUnderTwoNamesIsTwoStableNodes) {
  const Node *as_cpu0 = nullptr, *as_cpu2 = nullptr, *again = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu0", {2}, &as_cpu0), 0);
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu2", {0, 1, 2}, &as_cpu2), 0);
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu0", {2, 0}, &again), 0);
  EXPECT_NE(as_cpu0->ino, as_cpu2->ino);
  EXPECT_EQ(as_cpu0->ino, again->ino);
  EXPECT_EQ(cpu_->Find(as_cpu2->ino), as_cpu2);
  EXPECT_GE(as_cpu0->ino, CpuDirectory::kFirstIno);
}

TEST_F(CpuDirectoryTest, SymlinksAreShownNotFollowed) {
  const Node *cpu0 = nullptr, *node0 = nullptr, *escape = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu0", {0}, &cpu0), 0);
  ASSERT_EQ(cpu_->Lookup(cpu0->ino, "node0", {}, &node0), 0);
  struct stat st;
  ASSERT_EQ(cpu_->Stat(*node0, &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  std::string target;
  ASSERT_EQ(cpu_->ReadLink(*node0, &target), 0);
  EXPECT_EQ(target, "../../node/node0");
  ASSERT_EQ(cpu_->Lookup(kDirIno, "escape", {}, &escape), 0);
  std::string text;
  EXPECT_EQ(cpu_->ReadFile(*escape, &text), -ELOOP) << "never read through a symlink";
  const Node* none = nullptr;
  EXPECT_EQ(cpu_->Lookup(node0->ino, "x", {}, &none), -ENOENT);
}

TEST_F(CpuDirectoryTest, DotDotAndSlashesNeverResolve) {
  const Node* cpu0 = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu0", {0}, &cpu0), 0);
  const Node* none = nullptr;
  for (const char* name : {"..", ".", "", "../outside", "topology/../../../outside"}) {
    EXPECT_EQ(cpu_->Lookup(cpu0->ino, name, {}, &none), -ENOENT) << name;
    EXPECT_EQ(cpu_->Lookup(kDirIno, name, {}, &none), -ENOENT) << name;
  }
}

TEST_F(CpuDirectoryTest, ModesLoseWriteBitsAndRootOnlyFilesStayRootOnly) {
  const Node* secret = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "secret", {}, &secret), 0);
  EXPECT_EQ(cpu_->CheckRead(*secret, 1000), -EACCES);
  EXPECT_EQ(cpu_->CheckRead(*secret, 0), 0);
  const Node* dir = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpufreq", {}, &dir), 0);
  struct stat st;
  ASSERT_EQ(cpu_->Stat(*dir, &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0555u);
  EXPECT_EQ(st.st_ino, dir->ino);
}

TEST_F(CpuDirectoryTest, HostCpusAreTheCpuDirectories) {
  EXPECT_EQ(cpu_->HostCpus(), (std::vector<int>{0, 1, 2}));
}

TEST_F(CpuDirectoryTest, ListOfSubdirectory) {
  const Node* cpu1 = nullptr;
  ASSERT_EQ(cpu_->Lookup(kDirIno, "cpu1", {0, 1}, &cpu1), 0);
  std::vector<DirEntry> entries;
  ASSERT_EQ(cpu_->List(*cpu1, &entries), 0);
  EXPECT_EQ(Names(entries), (std::vector<std::string>{"node0", "topology"}));
}

}  // namespace
}  // namespace fuse
}  // namespace procview
