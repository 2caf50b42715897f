// procview_test.cc: the facade over fake sources and a fake resolver:
// stat, diskstats, pressure, slabinfo and loadavg for a container, the host
// fallbacks, and concurrent renders.
#include "lib/procview/procview.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/procview/facade_test_fixture.h"

namespace procview {
namespace {

TEST(RenderedCgroupPath, MemoryCgroupElseUnifiedElseFirst) {
  Rendered r;
  r.cgroup_text = "12:pids:/a\n4:cpu,memory:/lxc/c1\n0::/init.scope\n";
  EXPECT_EQ(r.CgroupPath(), "/lxc/c1");  // memory among several controllers
  r.cgroup_text = "12:pids:/a\n0::/system.slice/x.scope\n";
  EXPECT_EQ(r.CgroupPath(), "/system.slice/x.scope");
  r.cgroup_text = "12:pids:/a\n3:memoryx:/b";  // no memory, no v2 line, no final newline
  EXPECT_EQ(r.CgroupPath(), "/a");
  r.cgroup_text = "garbage\n";
  EXPECT_EQ(r.CgroupPath(), "");
}

TEST_F(FacadeTest, DiskstatsShowsOnlyTheContainersIo) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
  EXPECT_EQ(out->container_init, 900);
  EXPECT_EQ(out->CgroupPath(), "/lxc/c1");
  EXPECT_TRUE(absl::StartsWith(out->text, " 254       0 vda 10 0 8 ")) << out->text;
  EXPECT_FALSE(absl::StrContains(out->text, "loop0")) << out->text;
}

TEST_F(FacadeTest, RenderWithoutCgroupTextLeavesOnlyItOut) {
  std::unique_ptr<Procview> facade = Make();
  absl::StatusOr<Rendered> full = facade->Render(File::kDiskstats, 1000);
  absl::StatusOr<Rendered> lean = facade->RenderWithoutCgroupText(File::kDiskstats, 1000);
  ASSERT_TRUE(full.ok()) << full.status();
  ASSERT_TRUE(lean.ok()) << lean.status();
  EXPECT_EQ(lean->text, full->text);
  EXPECT_EQ(lean->container_init, 900);
  EXPECT_FALSE(lean->host_fallback);
  EXPECT_EQ(lean->cgroup_text, "");
  EXPECT_FALSE(full->cgroup_text.empty());
  // A fallback keeps its reason.
  absl::StatusOr<Rendered> gone = facade->RenderWithoutCgroupText(File::kDiskstats, 1003);
  ASSERT_TRUE(gone.ok()) << gone.status();
  EXPECT_TRUE(gone->host_fallback);
  EXPECT_EQ(gone->container_init, 903);
  EXPECT_TRUE(absl::StrContains(gone->fallback_reason, "cgroup gone")) << gone->fallback_reason;
}

TEST_F(FacadeTest, StatShowsTheCpusetsCpusWithTheContainersTime) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kStat, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
  // Host cpu1 is container cpu0: 1 s user, 0.5 s system, the rest of the
  // host CPU's 1730709 ticks idle.
  EXPECT_TRUE(absl::StrContains(out->text, "\ncpu0 100 0 50 1730559 0 0 0 0 0 0\n")) << out->text;
  EXPECT_FALSE(absl::StrContains(out->text, "cpu1")) << out->text;
  EXPECT_TRUE(absl::StrContains(out->text, "procs_running 1\nprocs_blocked 1\n")) << out->text;
}

TEST_F(FacadeTest, StatNeverGoesBackwards) {
  std::unique_ptr<Procview> facade = Make();
  ASSERT_TRUE(facade->Render(File::kStat, 1000).ok());
  // The cgroup's counters reset (a new cpuacct group with the same path).
  CpuReadings& cpu = *tree_view_->containers[kContainerCgroup].cpu;
  cpu.user_ns = cpu.per_cpu[0].user_ns = 0;
  cpu.system_ns = cpu.per_cpu[0].system_ns = 0;
  absl::StatusOr<Rendered> out = facade->Render(File::kStat, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(absl::StrContains(out->text, "\ncpu0 100 0 50 ")) << out->text;
}

TEST_F(FacadeTest, QuotaLimitsStatCpusOnlyWithEnableCfs) {
  CpuReadings& cpu = *tree_->containers[kContainerCgroup].cpu;
  cpu.cpuset = {0, 1};
  cpu.quota_cpus = 0.5;
  Options cfs;
  cfs.cpu_view_from_quota = true;
  absl::StatusOr<Rendered> plain = Make()->Render(File::kStat, 1000);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(absl::StrContains(plain->text, "\ncpu1 ")) << plain->text;
  SetUp();
  tree_->containers[kContainerCgroup].cpu->cpuset = {0, 1};
  tree_->containers[kContainerCgroup].cpu->quota_cpus = 0.5;
  absl::StatusOr<Rendered> limited = Make(cfs)->Render(File::kStat, 1000);
  ASSERT_TRUE(limited.ok()) << limited.status();
  EXPECT_TRUE(absl::StrContains(limited->text, "\ncpu0 ")) << limited->text;
  EXPECT_FALSE(absl::StrContains(limited->text, "\ncpu1 ")) << limited->text;
}

TEST_F(FacadeTest, PressureIsTheCgroupsOwnFile) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kPressureCpu, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback);
  EXPECT_EQ(out->text, kCgroupPressureCpu);
}

TEST_F(FacadeTest, PressureWithoutCgroupFileFallsBackToHost) {
  tree_->containers[kContainerCgroup].pressure.clear();  // cgroup v1
  absl::StatusOr<Rendered> out = Make()->Render(File::kPressureCpu, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostPressureCpu);
  EXPECT_EQ(out->container_init, 900);
}

TEST_F(FacadeTest, SlabinfoIsTheCgroupsOwnOrTheHosts) {
  absl::StatusOr<Rendered> own = Make()->Render(File::kSlabinfo, 1000);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_FALSE(own->host_fallback);
  EXPECT_EQ(own->text, kCgroupSlabinfo);

  SetUp();
  tree_->containers[kContainerCgroup].slabinfo = "";  // v1 on Linux 5.9+
  absl::StatusOr<Rendered> host = Make()->Render(File::kSlabinfo, 1000);
  ASSERT_TRUE(host.ok()) << host.status();
  EXPECT_TRUE(host->host_fallback);
  EXPECT_EQ(host->text, kHostSlabinfo);
}

TEST_F(FacadeTest, LoadavgWithoutSamplerIsTheHostsAndSaysSo) {
  std::unique_ptr<Procview> facade = Make();
  absl::StatusOr<Rendered> out = facade->Render(File::kLoadavg, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostLoadavg);
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "-l")) << out->fallback_reason;
  EXPECT_EQ(out->container_init, 0);  // not looked up: the file is the host's anyway
  // Nor for a reader that is gone.
  absl::StatusOr<Rendered> gone = facade->Render(File::kLoadavg, 1001);
  ASSERT_TRUE(gone.ok()) << gone.status();
  EXPECT_EQ(gone->text, kHostLoadavg);
}

TEST_F(FacadeTest, LoadavgWithSamplerCountsTheContainersTasks) {
  Options options;
  options.loadavg = true;
  absl::StatusOr<Rendered> out = Make(options)->Render(File::kLoadavg, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
  // A first read: averages start at 0; 1 of 3 live tasks runs; the host's
  // last pid.
  EXPECT_EQ(out->text, "0.00 0.00 0.00 1/3 28925\n");
}

TEST_F(FacadeTest, GoneReaderGetsTheHostFile) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1001);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostDiskstats);
  EXPECT_EQ(out->container_init, 0);
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "reader 1001 gone"))
      << out->fallback_reason;
}

TEST_F(FacadeTest, GoneInitGetsTheHostFile) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1002);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "init 902 gone")) << out->fallback_reason;
}

TEST_F(FacadeTest, GoneCgroupGetsTheHostFile) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1003);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->container_init, 903);
  EXPECT_EQ(out->CgroupPath(), "/lxc/gone");
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "cgroup gone")) << out->fallback_reason;
}

TEST_F(FacadeTest, AbsentControllerGetsTheHostFile) {
  tree_->containers[kContainerCgroup].io.reset();
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostDiskstats);
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "blkio")) << out->fallback_reason;
}

TEST_F(FacadeTest, ResolverErrorsOtherThanGoneAreErrors) {
  EXPECT_TRUE(absl::IsPermissionDenied(Make()->Render(File::kDiskstats, 1004).status()));
}

TEST_F(FacadeTest, VisibleCpusAreTheCpusetOrTheHostsWhenUnseen) {
  std::unique_ptr<Procview> facade = Make();
  EXPECT_EQ(*facade->VisibleCpus(1000), std::vector<int>{1});
  EXPECT_EQ(*facade->VisibleCpus(1001), (std::vector<int>{0, 1}));  // reader gone
  EXPECT_EQ(*facade->VisibleCpus(1003), (std::vector<int>{0, 1}));  // cgroup gone
  EXPECT_TRUE(absl::IsPermissionDenied(facade->VisibleCpus(1004).status()));
}

TEST_F(FacadeTest, ConcurrentRendersAgree) {
  Options options;
  options.loadavg = true;
  std::unique_ptr<Procview> facade = Make(options);
  const std::string expected = facade->Render(File::kDiskstats, 1000)->text;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        for (File file : AllFiles()) {
          const pid_t reader = (t + i) % 3 == 0 ? 1001 : 1000;
          absl::StatusOr<Rendered> out = facade->Render(file, reader);
          if (!out.ok() || out->text.empty()) ++wrong;
        }
        absl::StatusOr<Rendered> disk = facade->Render(File::kDiskstats, 1000);
        if (!disk.ok() || disk->text != expected) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}


}  // namespace
}  // namespace procview
