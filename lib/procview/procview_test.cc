// procview_test.cc: the facade over fake sources and a fake resolver: each
// file for a container, the host fallbacks, and concurrent renders.
#include "lib/procview/procview.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/procview/source/fake_sources.h"

namespace procview {
namespace {

// ---- Fakes ----

class MapResolver : public ContainerResolver {
 public:
  std::map<pid_t, absl::StatusOr<pid_t>> inits;
  absl::StatusOr<pid_t> ContainerInit(pid_t reader) override {
    auto it = inits.find(reader);
    if (it == inits.end()) return absl::NotFoundError("no such reader");
    return it->second;
  }
};

// ---- Host and container ----

// Recorded on the development machine (kernel 6.18, cgroup v1).
constexpr char kHostLoadavg[] = "0.00 0.10 0.13 1/189 28925\n";
constexpr char kHostDiskstats[] =
    "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    " 254       0 vda 102121 17891 9841554 57590 23107 13182 2218856 8970 0 18472 69294 23928 "
    "51 1461512 2451 2381 282\n";
constexpr char kHostPressureCpu[] =
    "some avg10=0.00 avg60=0.00 avg300=0.95 total=171893233\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
constexpr char kCgroupPressureCpu[] =
    "some avg10=1.50 avg60=0.75 avg300=0.20 total=4242\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
constexpr char kHostSlabinfo[] =
    "slabinfo - version: 2.1\n"
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : "
    "tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
    "<sharedavail>\n"
    "ext4_inode_cache  99999  99999   1080   30    8 : tunables    0    0    0 : slabdata   "
    "7      7      0\n";
constexpr char kCgroupSlabinfo[] =
    "slabinfo - version: 2.1\n"
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : "
    "tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
    "<sharedavail>\n"
    "dentry               693    693    192   21    1 : tunables    0    0    0 : slabdata     "
    "33     33      0\n";
constexpr char kHostStat[] =
    "cpu  43500 0 32626 3383471 993 0 187 183 0 0\n"
    "cpu0 20407 0 15347 1694205 151 0 49 91 0 0\n"
    "cpu1 23093 0 17279 1689266 842 0 138 91 0 0\n"
    "intr 3694683 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    "ctxt 25564060\n"
    "btime 1795354606\n"
    "processes 29698\n"
    "procs_running 2\n"
    "procs_blocked 0\n"
    "softirq 851883 0 211307 4 4944 120147 0 3 336362 0 179116\n";
// Excerpts of files recorded on the development machine (2 CPUs, no swap);
// the swap lines describe a 2 GiB host swap device.
constexpr char kHostMeminfo[] =
    "MemTotal:       24683620 kB\n"
    "MemFree:        23392588 kB\n"
    "MemAvailable:   24192476 kB\n"
    "Buffers:           25708 kB\n"
    "Cached:           957040 kB\n"
    "SwapCached:            0 kB\n"
    "Active:           226216 kB\n"
    "Inactive:         919128 kB\n"
    "Active(anon):       1556 kB\n"
    "Inactive(anon):   170124 kB\n"
    "Active(file):     224660 kB\n"
    "Inactive(file):   749004 kB\n"
    "SwapTotal:       2097148 kB\n"
    "SwapFree:        2097148 kB\n"
    "Shmem:              8952 kB\n"
    "VmallocTotal:   34359738367 kB\n"
    "HugePages_Total:       0\n";
constexpr char kHostCpuinfo[] =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 2\n"
    "core id\t\t: 0\ncpu cores\t: 2\napicid\t\t: 0\n\n"
    "processor\t: 1\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 2\n"
    "core id\t\t: 1\ncpu cores\t: 2\napicid\t\t: 1\n\n";
constexpr char kHostUptime[] = "227.65 245.77\n";

constexpr char kContainerCgroup[] =
    "4:memory:/lxc/c1\n3:cpuset:/lxc/c1\n2:cpuacct:/lxc/c1\n1:cpu:/lxc/c1\n0::/\n";

// Readers: 1000 is in the container whose init is 900; 1001 is gone; 1002
// belongs to init 902 whose /proc entry vanished; 1003 to init 903 whose
// cgroups are gone; 1004 can't be resolved (permission).
class FacadeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_ = std::make_unique<MapHost>();
    tree_ = std::make_unique<MapTree>();
    tree_view_ = tree_.get();
    resolver_ = std::make_unique<MapResolver>();
    // Every host file exists, so any fallback can be served.
    for (File file : AllFiles()) {
      const std::string path(PathOf(file));
      if (absl::StartsWith(path, "proc/")) host_->proc[path.substr(5)] = "host " + path + "\n";
      if (absl::StartsWith(path, "sys/")) host_->sys[path.substr(4)] = "host " + path + "\n";
    }
    host_->proc["loadavg"] = kHostLoadavg;
    host_->proc["stat"] = kHostStat;
    host_->proc["diskstats"] = kHostDiskstats;
    host_->proc["pressure/cpu"] = kHostPressureCpu;
    host_->proc["slabinfo"] = kHostSlabinfo;
    host_->proc["meminfo"] = kHostMeminfo;
    host_->proc["cpuinfo"] = kHostCpuinfo;
    host_->proc["uptime"] = kHostUptime;
    host_->proc["900/cgroup"] = kContainerCgroup;
    host_->proc["903/cgroup"] = "4:memory:/lxc/gone\n";
    host_->proc["900/stat"] = StatLine(900, 'S');
    host_->proc["901/stat"] = StatLine(901, 'R');
    host_->proc["905/stat"] = StatLine(905, 'D');
    CgroupValues container;
    IoDeviceStats vda;
    vda.major = 254;
    vda.read_ios = 10;
    vda.read_bytes = 4096;
    container.io = std::vector<IoDeviceStats>{vda};
    CpuReadings cpu;
    cpu.cpuset = {1};
    cpu.user_ns = 1'000'000'000;
    cpu.system_ns = 500'000'000;
    cpu.per_cpu = {{1, 1'000'000'000, 500'000'000}};
    container.cpu = cpu;
    container.slabinfo = kCgroupSlabinfo;
    container.pressure[PressureResource::kCpu] = kCgroupPressureCpu;
    container.tasks = {900, 901, 905, 906};  // 906 exits before it is counted
    tree_->containers[kContainerCgroup] = container;
    resolver_->inits[1000] = 900;
    resolver_->inits[1002] = 902;
    resolver_->inits[1003] = 903;
    resolver_->inits[1004] = absl::PermissionDeniedError("ptrace says no");
  }

  static std::string StatLine(pid_t pid, char state) {
    return absl::StrCat(pid, " (task) ", std::string(1, state),
                        " 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0\n");
  }

  std::unique_ptr<Procview> Make(Options options = {}) {
    return Procview::CreateWithSources(options, std::move(host_), std::move(tree_),
                                       std::move(resolver_));
  }

  std::unique_ptr<MapHost> host_;
  std::unique_ptr<MapTree> tree_;
  MapTree* tree_view_ = nullptr;  // still valid after Make() took tree_
  std::unique_ptr<MapResolver> resolver_;
};

TEST_F(FacadeTest, DiskstatsShowsOnlyTheContainersIo) {
  absl::StatusOr<Rendered> out = Make()->Render(File::kDiskstats, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
  EXPECT_EQ(out->container_init, 900);
  EXPECT_EQ(out->cgroup, "/lxc/c1");
  EXPECT_TRUE(absl::StartsWith(out->text, " 254       0 vda 10 0 8 ")) << out->text;
  EXPECT_FALSE(absl::StrContains(out->text, "loop0")) << out->text;
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
  absl::StatusOr<Rendered> out = Make()->Render(File::kLoadavg, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostLoadavg);
  EXPECT_TRUE(absl::StrContains(out->fallback_reason, "-l")) << out->fallback_reason;
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
  EXPECT_EQ(out->cgroup, "/lxc/gone");
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

// ---- meminfo, swaps, cpuinfo, the /sys cpu ranges and uptime ----

namespace procview {
namespace {

class MemCpuFacadeTest : public FacadeTest {
 protected:
  void SetUp() override {
    FacadeTest::SetUp();
    host_->proc["sys/vm/swappiness"] = "60\n";
    MemoryReadings memory;
    memory.limit = 256ull << 20;
    memory.usage = 64ull << 20;
    memory.stat.file = 16ull << 20;
    memory.swap_accounting = true;
    memory.memsw_limit = 768ull << 20;  // 256 MiB RAM + 512 MiB swap
    memory.swap_usage = 1ull << 20;
    tree_->containers[kContainerCgroup].memory = memory;
  }

  std::string Text(File file, Options options = {}) {
    absl::StatusOr<Rendered> out = Make(options)->Render(file, 1000);
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return "";
    EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
    return out->text;
  }
};

TEST_F(MemCpuFacadeTest, MeminfoShowsTheContainersLimitAndSwap) {
  const std::string text = Text(File::kMeminfo);
  EXPECT_TRUE(absl::StartsWith(text, "MemTotal:         262144 kB\nMemFree:          196608 kB\n"
                                     "MemAvailable:     212992 kB\nBuffers:               0 kB\n"))
      << text;
  // The smaller of RAM+SWAP (768 MiB) and the host's 2 GiB; 1 MiB used.
  EXPECT_TRUE(absl::StrContains(text, "SwapTotal:        786432 kB\nSwapFree:         785408 kB\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text, "VmallocTotal:   34359738367 kB\n")) << text;
}

TEST_F(MemCpuFacadeTest, SwapsAgreesWithMeminfo) {
  const std::string text = Text(File::kSwaps);
  EXPECT_TRUE(absl::StrContains(text, "\nnone ")) << text;
  EXPECT_TRUE(absl::StrContains(text, "virtual\t\t786432\t\t1024\t\t0\n")) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
}

TEST_F(MemCpuFacadeTest, SwapOffOptionShowsNoSwapAnywhere) {
  Options no_swap;
  no_swap.swap = false;
  EXPECT_TRUE(absl::StrContains(Text(File::kMeminfo, no_swap),
                                "SwapTotal:             0 kB\nSwapFree:              0 kB\n"));
  SetUp();
  EXPECT_EQ(Text(File::kSwaps, no_swap), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

TEST_F(MemCpuFacadeTest, HostSwappinessZeroShowsOnlyTheSwapInUse) {
  host_->proc["sys/vm/swappiness"] = "0\n";
  EXPECT_TRUE(absl::StrContains(Text(File::kMeminfo),
                                "SwapTotal:          1024 kB\nSwapFree:              0 kB\n"));
}

TEST_F(MemCpuFacadeTest, MeminfoWithoutMemoryControllerIsTheHosts) {
  tree_->containers[kContainerCgroup].memory.reset();
  absl::StatusOr<Rendered> out = Make()->Render(File::kMeminfo, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostMeminfo);
}

TEST_F(MemCpuFacadeTest, CpuinfoAndCpuRangesShowTheCpusetOnly) {
  const std::string cpuinfo = Text(File::kCpuinfo);
  EXPECT_EQ(cpuinfo,
            "processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 1\n"
            "core id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 1\n\n");
  for (File file : {File::kCpuOnline, File::kCpuPresent, File::kCpuPossible}) {
    SetUp();
    EXPECT_EQ(Text(file), "0\n") << PathOf(file);
  }
}

TEST_F(MemCpuFacadeTest, EveryCpuCountAgreesWithStat) {
  tree_->containers[kContainerCgroup].cpu->cpuset = {0, 1};
  std::unique_ptr<Procview> facade = Make();
  const std::string cpuinfo = facade->Render(File::kCpuinfo, 1000)->text;
  const std::string stat = facade->Render(File::kStat, 1000)->text;
  EXPECT_TRUE(absl::StrContains(cpuinfo, "processor\t: 1\n")) << cpuinfo;
  EXPECT_TRUE(absl::StrContains(stat, "\ncpu1 ")) << stat;
  EXPECT_EQ(facade->Render(File::kCpuOnline, 1000)->text, "0-1\n");
  EXPECT_EQ(facade->Render(File::kCpuPossible, 1000)->text, "0-1\n");
}

TEST_F(MemCpuFacadeTest, UptimeCountsFromTheContainersInit) {
  // Init 900 started 4242 ticks (42.42 s) after boot; the container used
  // 1.5 s of its one CPU.
  EXPECT_EQ(Text(File::kUptime), "185.23 183.73\n");
}

TEST_F(MemCpuFacadeTest, UptimeWithGoneInitIsTheHosts) {
  host_->proc.erase("900/stat");
  absl::StatusOr<Rendered> out = Make()->Render(File::kUptime, 1000);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->host_fallback);
  EXPECT_EQ(out->text, kHostUptime);
}

}  // namespace
}  // namespace procview
