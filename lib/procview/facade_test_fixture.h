// facade_test_fixture.h: the facade over map-backed sources and a map
// resolver, with one container and every host file, shared by the facade
// tests.
#ifndef PROCVIEW_FACADE_TEST_FIXTURE_H_
#define PROCVIEW_FACADE_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/fake_sources.h"

namespace procview {

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
inline constexpr char kHostLoadavg[] = "0.00 0.10 0.13 1/189 28925\n";
inline constexpr char kHostDiskstats[] =
    "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    " 254       0 vda 102121 17891 9841554 57590 23107 13182 2218856 8970 0 18472 69294 23928 "
    "51 1461512 2451 2381 282\n";
inline constexpr char kHostPressureCpu[] =
    "some avg10=0.00 avg60=0.00 avg300=0.95 total=171893233\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
inline constexpr char kCgroupPressureCpu[] =
    "some avg10=1.50 avg60=0.75 avg300=0.20 total=4242\n"
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
inline constexpr char kHostSlabinfo[] =
    "slabinfo - version: 2.1\n"
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : "
    "tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
    "<sharedavail>\n"
    "ext4_inode_cache  99999  99999   1080   30    8 : tunables    0    0    0 : slabdata   "
    "7      7      0\n";
inline constexpr char kCgroupSlabinfo[] =
    "slabinfo - version: 2.1\n"
    "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : "
    "tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
    "<sharedavail>\n"
    "dentry               693    693    192   21    1 : tunables    0    0    0 : slabdata     "
    "33     33      0\n";
inline constexpr char kHostStat[] =
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
inline constexpr char kHostMeminfo[] =
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
inline constexpr char kHostCpuinfo[] =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 2\n"
    "core id\t\t: 0\ncpu cores\t: 2\napicid\t\t: 0\n\n"
    "processor\t: 1\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 2\n"
    "core id\t\t: 1\ncpu cores\t: 2\napicid\t\t: 1\n\n";
inline constexpr char kHostUptime[] = "227.65 245.77\n";

inline constexpr char kContainerCgroup[] =
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

}  // namespace procview

#endif  // PROCVIEW_FACADE_TEST_FIXTURE_H_
