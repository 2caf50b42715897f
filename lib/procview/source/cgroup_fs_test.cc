// cgroup_fs_test.cc: CgroupFs on the recorded v1 and hybrid trees (this
// machine) and the v2 tree (kernel formats). In each, pvrec-parent limits
// memory and CPU and its child "web app:1" (a name with a space and a
// colon) has no limits of its own.
#include "lib/procview/source/cgroup_fs.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "lib/procview/source/cgroup_fs_fixture.h"
#include "lib/procview/source/fixture_tree.h"

namespace procview {
namespace {

constexpr uint64_t kMiB = 1 << 20;

TEST(CgroupFsV1, MemoryLimitIsTheParentsForAnUnlimitedChild) {
  auto [f, cg] = OpenBusy("cgroup-v1", CgroupLayout::kV1);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> m = cg->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, Limit(512 * kMiB));
  EXPECT_EQ(m->usage, 34983936u);
  EXPECT_EQ(m->stat.anon, 110592u);
  EXPECT_TRUE(m->swap_accounting);
  EXPECT_EQ(m->memsw_limit, Limit(1024 * kMiB));
  EXPECT_EQ(m->swap_usage, 0u);
  EXPECT_EQ(m->swappiness, 60u);
}

TEST(CgroupFsV1, ChildLimitBelowTheParentsWins) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(
      f,
      "4:memory:/pvrec-parent/tight\n1:cpu:/pvrec-parent/tight\n2:cpuacct:/pvrec-parent/tight\n");
  ASSERT_NE(cg, nullptr);
  EXPECT_EQ(cg->Memory()->limit, Limit(128 * kMiB));
  EXPECT_DOUBLE_EQ(*cg->Cpu()->quota_cpus, 0.2);
}

// Files are read into a stack buffer when they fit; a longer memory.stat
// (a future kernel's) is still read whole.
TEST(CgroupFsV1, LongMemoryStatIsReadWhole) {
  Fixture f = Load("cgroup-v1");
  const std::string stat = f.cgroup_root + "/memory/pvrec-parent/tight/memory.stat";
  {
    std::ofstream out(stat, std::ios::trunc);
    for (int i = 0; i < 500; ++i) out << "future_counter_" << i << " " << i << "\n";
    out << "total_rss 4096\ntotal_cache 8192\n";
  }
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, "4:memory:/pvrec-parent/tight\n");
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> m = cg->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->stat.anon, 4096u);
  EXPECT_EQ(m->stat.file, 8192u);
}

// Swap() gives Memory()'s swap fields without reading memory.stat's totals
// (v1 looks for its memsw limit line only): a damaged one fails Memory() but
// not Swap().
void ExpectSwapAsMemoryWithoutStatTotals(Fixture& f, const std::string& cgroup_text,
                                   const std::string& stat_path) {
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, cgroup_text);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> full = cg->Memory();
  ASSERT_TRUE(full.ok()) << full.status();
  absl::StatusOr<MemoryReadings> swap = cg->Swap();
  ASSERT_TRUE(swap.ok()) << swap.status();
  EXPECT_EQ(swap->swap_accounting, full->swap_accounting);
  EXPECT_EQ(swap->swap_usage, full->swap_usage);
  EXPECT_EQ(swap->memsw_limit, full->memsw_limit);
  EXPECT_EQ(swap->swappiness, full->swappiness);
  std::ofstream(stat_path, std::ios::trunc) << "anon garbage\n";
  EXPECT_FALSE(cg->Memory().ok());
  EXPECT_TRUE(cg->Swap().ok());
}

TEST(CgroupFsV1, SwapReadsNoMemoryStatTotals) {
  Fixture f = Load("cgroup-v1");
  ExpectSwapAsMemoryWithoutStatTotals(f, f.busy_cgroup,
                                f.cgroup_root + "/memory/pvrec-parent/web app:1/memory.stat");
}

// MemoryWithoutSwap() gives Memory()'s limit, usage and stat without
// reading a swap file: a damaged one (`swap_path`) fails Memory() but not it.
void ExpectMemoryWithoutSwapReadsNoSwapFile(const Fixture& f, const std::string& swap_path) {
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> full = cg->Memory();
  ASSERT_TRUE(full.ok()) << full.status();
  ASSERT_TRUE(full->swap_accounting);
  std::ofstream(swap_path, std::ios::trunc) << "garbage\n";
  EXPECT_FALSE(cg->Memory().ok());
  absl::StatusOr<MemoryReadings> m = cg->MemoryWithoutSwap();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, full->limit);
  EXPECT_EQ(m->usage, full->usage);
  EXPECT_EQ(m->stat.anon, full->stat.anon);
  EXPECT_EQ(m->stat.file, full->stat.file);
  EXPECT_FALSE(m->swap_accounting);
}

TEST(CgroupFsV1, MemoryWithoutSwapReadsNoSwapFile) {
  for (const char* file : {"memory.memsw.usage_in_bytes", "memory.swappiness"}) {
    Fixture f = Load("cgroup-v1");  // a fresh copy each
    ExpectMemoryWithoutSwapReadsNoSwapFile(
        f, absl::StrCat(f.cgroup_root, "/memory/pvrec-parent/web app:1/", file));
  }
}

TEST(CgroupFsV2, MemoryWithoutSwapReadsNoSwapFile) {
  Fixture f = Load("cgroup-v2");
  ExpectMemoryWithoutSwapReadsNoSwapFile(
      f, f.cgroup_root + "/pvrec-parent/web app:1/memory.swap.current");
}

// Removes the hierarchical_*_limit lines from the memory.stat in `dir`, as
// a kernel that prints none would have it.
void DropStatedLimits(const std::string& dir) {
  std::ifstream in(dir + "/memory.stat");
  std::string text;
  for (std::string line; std::getline(in, line);) {
    if (!absl::StartsWith(line, "hierarchical_")) absl::StrAppend(&text, line, "\n");
  }
  std::ofstream(dir + "/memory.stat", std::ios::trunc) << text;
}

// v1 memory.stat states the lowest limits up the tree (the kernel computes
// them when the file is read): Memory() takes them and reads no limit file.
TEST(CgroupFsV1, StatedLimitsNeedNoLimitFiles) {
  Fixture f = Load("cgroup-v1");
  const std::string parent = f.cgroup_root + "/memory/pvrec-parent";
  const std::string busy = parent + "/web app:1";
  for (const std::string& dir : {parent, busy}) {
    for (const char* name : {"/memory.limit_in_bytes", "/memory.memsw.limit_in_bytes"}) {
      ASSERT_EQ(std::remove((dir + name).c_str()), 0) << dir << name;
    }
  }
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> m = cg->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, Limit(512 * kMiB));
  EXPECT_EQ(m->memsw_limit, Limit(1024 * kMiB));
  // Read on every read; at or above 2^62 is no limit, as in the limit files.
  ASSERT_TRUE(SetMemoryStatLine(busy, "hierarchical_memory_limit", 9223372036854771712u).ok());
  ASSERT_TRUE(SetMemoryStatLine(busy, "hierarchical_memsw_limit", 300 * kMiB).ok());
  m = cg->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, std::nullopt);
  EXPECT_EQ(m->memsw_limit, Limit(300 * kMiB));
  absl::StatusOr<MemoryReadings> swap = cg->Swap();  // the same line: /proc/swaps agrees
  ASSERT_TRUE(swap.ok()) << swap.status();
  EXPECT_EQ(swap->memsw_limit, Limit(300 * kMiB));
  std::ofstream(busy + "/memory.stat", std::ios::trunc) << "hierarchical_memsw_limit x\n";
  EXPECT_TRUE(absl::IsInvalidArgument(cg->Swap().status()));
}

// Without them (a kernel that prints none) the limit files are read, from
// the cgroup up. The kernel's root cgroup takes no limits, so it is not
// read; the root of a cgroup namespace (no release_agent) is a cgroup like
// others.
TEST(CgroupFsV1, WithoutStatedLimitsKernelRootIsNotReadButANamespaceRootIs) {
  Fixture f = Load("cgroup-v1");
  const std::string root = f.cgroup_root + "/memory";
  DropStatedLimits(root + "/pvrec-parent/web app:1");
  std::ofstream(root + "/memory.limit_in_bytes", std::ios::trunc) << 256 * kMiB << "\n";
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Memory()->limit, Limit(512 * kMiB));
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Memory()->memsw_limit, Limit(1024 * kMiB));
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Swap()->memsw_limit, Limit(1024 * kMiB));
  ASSERT_EQ(std::remove((root + "/release_agent").c_str()), 0);
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Memory()->limit, Limit(256 * kMiB));
}

TEST(CgroupFsV1, RootCgroupHasNoLimit) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, "4:memory:/\n2:cpuacct:/\n");
  ASSERT_NE(cg, nullptr);
  EXPECT_EQ(cg->Memory()->limit, std::nullopt);
  EXPECT_EQ(cg->Cpu()->quota_cpus, std::nullopt);
}

// Made not to read the quota (the CPU view ignores it), a source leaves it
// unset and does not open the files: a damaged one does not fail the read.
TEST(CgroupFsV1, QuotaIsNotReadWhenNotWanted) {
  Fixture f = Load("cgroup-v1");
  absl::StatusOr<std::unique_ptr<CgroupFs>> tree =
      CgroupFs::Create(f.cgroup_root, /*read_quota=*/false);
  ASSERT_TRUE(tree.ok()) << tree.status();
  std::ofstream(f.cgroup_root + "/cpu/pvrec-parent/cpu.cfs_quota_us", std::ios::trunc) << "x\n";
  absl::StatusOr<std::unique_ptr<CgroupSource>> cg = (*tree)->Open(f.busy_cgroup);
  ASSERT_TRUE(cg.ok()) << cg.status();
  for (const absl::StatusOr<CpuReadings>& cpu : {(*cg)->Cpu(), (*cg)->CpuPlacement()}) {
    ASSERT_TRUE(cpu.ok()) << cpu.status();
    EXPECT_EQ(cpu->cpuset, CpuNumbers{1});
    EXPECT_EQ(cpu->quota_cpus, std::nullopt);
  }
  EXPECT_FALSE(OpenOrDie(f, f.busy_cgroup)->Cpu().ok());  // a default source reads it
}

TEST(CgroupFsV1, CpuHasPerCpuTimeCpusetAndTheParentsQuota) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<CpuReadings> cpu = cg->Cpu();
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_EQ(cpu->cpuset, CpuNumbers{1});
  ASSERT_TRUE(cpu->quota_cpus.has_value());
  EXPECT_DOUBLE_EQ(*cpu->quota_cpus, 0.5);
  ASSERT_EQ(cpu->per_cpu.size(), 2u);
  EXPECT_EQ(cpu->per_cpu[1].user_ns, 452000000u);
  EXPECT_EQ(cpu->user_ns, cpu->per_cpu[0].user_ns + cpu->per_cpu[1].user_ns);
  EXPECT_EQ(cpu->system_ns, cpu->per_cpu[0].system_ns + cpu->per_cpu[1].system_ns);
}

TEST(CgroupFsV1, CpuPlacementIsCpusAndQuotaWithoutUsage) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<CpuReadings> cpu = cg->CpuPlacement();
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_EQ(cpu->cpuset, CpuNumbers{1});
  ASSERT_TRUE(cpu->quota_cpus.has_value());
  EXPECT_DOUBLE_EQ(*cpu->quota_cpus, 0.5);
  EXPECT_TRUE(cpu->per_cpu.empty());
  EXPECT_EQ(cpu->user_ns + cpu->system_ns, 0u);
}

TEST(CgroupFsV1, CpuPlacementIsNotFoundWhereCpuIs) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  std::filesystem::remove_all(f.cgroup_root + "/cpuset");
  std::filesystem::remove_all(f.cgroup_root + "/cpuacct");
  std::filesystem::remove_all(f.cgroup_root + "/cpu,cpuacct");
  EXPECT_TRUE(absl::IsNotFound(cg->Cpu().status())) << cg->Cpu().status();
  EXPECT_TRUE(absl::IsNotFound(cg->CpuPlacement().status())) << cg->CpuPlacement().status();
}

TEST(CgroupFsV1, IoComesFromTheThrottleFilesOnNewKernels) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<IoDeviceStats>> io = cg->Io();
  ASSERT_TRUE(io.ok()) << io.status();
  ASSERT_EQ(io->size(), 1u);
  EXPECT_EQ((*io)[0].major, 254u);
  EXPECT_EQ((*io)[0].read_bytes, 8396800u);
  EXPECT_EQ((*io)[0].write_bytes, 41951232u);
  EXPECT_EQ((*io)[0].read_ios, 9u);
  EXPECT_EQ((*io)[0].write_ios, 19u);
}

TEST(CgroupFsV1, SlabinfoIsTheCgroupsFileAndPressureIsAbsent) {
  Fixture f = Load("cgroup-v1");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  EXPECT_TRUE(cg->Slabinfo().ok());  // empty on 6.x kernels
  EXPECT_TRUE(absl::IsNotFound(cg->Pressure(PressureResource::kCpu).status()));
}

TEST(CgroupFsV1, RemovedCgroupIsNotFound) {
  Fixture f = Load("cgroup-v1");
  std::filesystem::remove_all(f.cgroup_root + "/memory/pvrec-parent/tight");
  absl::StatusOr<std::unique_ptr<CgroupSource>> cg = f.tree->Open("4:memory:/pvrec-parent/tight\n");
  EXPECT_TRUE(absl::IsNotFound(cg.status())) << cg.status();
}

TEST(CgroupFsV1, MissingControllerAnswersNotFound) {
  Fixture f = Load("cgroup-v1");
  std::filesystem::remove_all(f.cgroup_root + "/blkio");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::Status io = cg->Io().status();
  EXPECT_TRUE(absl::IsNotFound(io)) << io;
  EXPECT_TRUE(absl::StrContains(io.message(), "blkio")) << io;
  EXPECT_TRUE(cg->Memory().ok());
}

TEST(CgroupFsV1, FindsNamedAndCoMountedHierarchies) {
  Fixture f = Load("cgroup-v1");
  std::filesystem::rename(f.cgroup_root + "/cpuacct", f.cgroup_root + "/cpu,cpuacct");
  std::filesystem::rename(f.cgroup_root + "/memory", f.cgroup_root + "/systemd");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(
      f, "9:name=systemd:/pvrec-parent/web app:1\n2:cpu,cpuacct:/pvrec-parent/web app:1\n");
  ASSERT_NE(cg, nullptr);
  EXPECT_TRUE(cg->Cpu().ok()) << cg->Cpu().status();
  EXPECT_EQ(cg->Tasks()->size(), 1u);  // from cpu,cpuacct
}

TEST(CgroupFs, RejectsPathsThatEscapeTheRoot) {
  Fixture f = Load("cgroup-v1");
  for (const char* text : {"4:memory:/../../etc\n", "4:memory:/a/./b\n", "0::/..\n"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(f.tree->Open(text).status())) << text;
  }
  EXPECT_TRUE(absl::IsInvalidArgument(f.tree->Open("garbage\n").status()));
}

TEST(CgroupFsV2, LimitsAreLowestOnThePath) {
  auto [f, cg] = OpenBusy("cgroup-v2", CgroupLayout::kV2);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<MemoryReadings> m = cg->Memory();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->limit, Limit(512 * kMiB));
  EXPECT_EQ(m->usage, 34983936u);
  EXPECT_EQ(m->stat.slab_reclaimable, 1048576u);
  EXPECT_TRUE(m->swap_accounting);
  EXPECT_EQ(m->memsw_limit, Limit(768 * kMiB));  // 512M RAM + 256M swap
  EXPECT_EQ(m->swap_usage, 1048576u);
  EXPECT_EQ(m->swappiness, std::nullopt);
}

TEST(CgroupFsV2, SwapReadsNoMemoryStatTotals) {
  Fixture f = Load("cgroup-v2");
  ExpectSwapAsMemoryWithoutStatTotals(f, f.busy_cgroup,
                                f.cgroup_root + "/pvrec-parent/web app:1/memory.stat");
}

TEST(CgroupFsV2, KernelRootIsNotReadButANamespaceRootIs) {
  Fixture f = Load("cgroup-v2");
  std::ofstream(f.cgroup_root + "/memory.max", std::ios::trunc) << 256 * kMiB << "\n";
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Memory()->limit, Limit(512 * kMiB));
  std::ofstream(f.cgroup_root + "/cgroup.type") << "domain\n";
  EXPECT_EQ(OpenOrDie(f, f.busy_cgroup)->Memory()->limit, Limit(256 * kMiB));
}

TEST(CgroupFsV2, CpuHasTotalsButNoPerCpuTime) {
  Fixture f = Load("cgroup-v2");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<CpuReadings> cpu = cg->Cpu();
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_EQ(cpu->cpuset, CpuNumbers{1});
  EXPECT_DOUBLE_EQ(*cpu->quota_cpus, 0.5);
  EXPECT_EQ(cpu->user_ns, 648000000u);
  EXPECT_EQ(cpu->system_ns, 336000000u);
  EXPECT_TRUE(cpu->per_cpu.empty());
}

TEST(CgroupFsV2, IoPressureAndTasksOfTheSubtree) {
  Fixture f = Load("cgroup-v2");
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  absl::StatusOr<std::vector<IoDeviceStats>> io = cg->Io();
  ASSERT_TRUE(io.ok()) << io.status();
  ASSERT_EQ(io->size(), 1u);
  EXPECT_EQ((*io)[0].write_ios, 10241u);
  absl::StatusOr<std::string> psi = cg->Pressure(PressureResource::kIo);
  ASSERT_TRUE(psi.ok()) << psi.status();
  EXPECT_TRUE(absl::StartsWith(*psi, "some avg10=0.00 avg60=0.12")) << *psi;
  EXPECT_EQ(*cg->Tasks(), (std::vector<pid_t>{4242, 4243, 4250}));  // threads, with "worker"
  TaskIds tasks = {1};  // replaced
  ASSERT_TRUE(cg->TasksInto(&tasks).ok());
  EXPECT_EQ(tasks, (TaskIds{4242, 4243, 4250}));
  EXPECT_TRUE(absl::IsNotFound(cg->Slabinfo().status()));
}

TEST(CgroupFsV2, NoUnifiedLineIsNotFound) {
  Fixture f = Load("cgroup-v2");
  EXPECT_TRUE(absl::IsNotFound(f.tree->Open("4:memory:/pvrec-parent\n").status()));
  EXPECT_TRUE(absl::IsNotFound(f.tree->Open("0::/gone\n").status()));
}

TEST(CgroupFsHybrid, V1ControllersWithUnifiedPressure) {
  Fixture f = Load("hybrid");
  ASSERT_EQ(f.tree->layout(), CgroupLayout::kHybrid);
  std::unique_ptr<CgroupSource> cg = OpenOrDie(f, f.busy_cgroup);
  ASSERT_NE(cg, nullptr);
  EXPECT_EQ(cg->Memory()->limit, Limit(512 * kMiB));
  EXPECT_FALSE(cg->Cpu()->per_cpu.empty());  // v1 cpuacct
  absl::StatusOr<std::string> psi = cg->Pressure(PressureResource::kCpu);
  ASSERT_TRUE(psi.ok()) << psi.status();
  EXPECT_TRUE(absl::StartsWith(*psi, "some avg10=")) << *psi;
}

}  // namespace
}  // namespace procview
