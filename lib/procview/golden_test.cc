// golden_test.cc: every served file rendered end to end, through the real
// sources (HostFs over a host /proc and /sys built from recorded files,
// CgroupFs over the recorded cgroup v2, v1 and hybrid trees), compared with
// the checked-in texts under tests/fixtures/golden/<case>/.
//
// To regenerate the goldens after a deliberate change in output, run
//   bazel test //lib/procview:golden_test
//     --test_env=PROCVIEW_UPDATE_GOLDEN=/tmp/golden --spawn_strategy=standalone
// (one command line), which writes /tmp/golden/<case>/<name>.txt instead of comparing; review
// each changed text by hand before copying it into tests/fixtures/golden/.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/fixture_tree.h"
#include "lib/procview/source/host_fs.h"

namespace procview {
namespace {

namespace fs = std::filesystem;

// Start of the container's init in clock ticks since host boot: 120 s at
// USER_HZ 100, so with the host's uptime.txt (227.65 s) the container has
// been up 107.65 s.
constexpr uint64_t kInitStartTicks = 12000;

// One recorded tree: where it lives, the pid the recording put in the busy
// cgroup (its cgroup.procs), and the golden directory's name.
struct Case {
  const char* name;
  const char* fixture;
  pid_t init;
};

constexpr Case kV2{"v2", "tests/fixtures/cgroup-v2", 4242};
constexpr Case kV1{"v1", "tests/fixtures/cgroup-v1", 15228};
constexpr Case kHybrid{"hybrid", "tests/fixtures/hybrid", 15228};

void WriteFile(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::string Runfile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadRunfile(path);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

// A /proc/PID/stat line (fields as in proc(5)) for a process in `state`
// started `start` ticks after boot.
std::string ProcPidStat(pid_t pid, char state, uint64_t start) {
  return absl::StrCat(pid, " (app) ", std::string(1, state),
                      " 1 ", pid, " ", pid, " 0 -1 4194560 1500 0 2 0 30 12 0 0 20 0 1 0 ",
                      start, " 12582912 700 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 "
                      "17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
}

// Always the same init, as a namespace resolver would answer for every
// reader inside the recorded container.
class FixedResolver : public ContainerResolver {
 public:
  explicit FixedResolver(pid_t init) : init_(init) {}
  absl::StatusOr<pid_t> ContainerInit(pid_t) override { return init_; }

 private:
  const pid_t init_;
};

// "proc/meminfo" -> "proc_meminfo".
std::string GoldenName(File file) {
  return absl::StrReplaceAll(std::string(PathOf(file)), {{"/", "_"}});
}

class GoldenTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> copy = CopyFixtureTree(GetParam().fixture);
    ASSERT_TRUE(copy.ok()) << copy.status();
    const fs::path proc = *copy + "/proc";
    const fs::path sys = *copy + "/sys";
    for (const char* name : {"meminfo", "stat", "uptime", "swaps"}) {
      WriteFile(proc / name, Runfile(absl::StrCat("tests/fixtures/host-proc/", name, ".txt")));
    }
    WriteFile(proc / "cpuinfo", Runfile("tests/fixtures/host-proc/cpuinfo_x86_64.txt"));
    WriteFile(proc / "sys/vm/swappiness", Runfile("tests/fixtures/host-proc/swappiness.txt"));
    WriteFile(proc / "diskstats", Runfile("tests/fixtures/diskstats/host_vda.txt"));
    WriteFile(proc / "slabinfo", Runfile("tests/fixtures/slabinfo/host.txt"));
    WriteFile(proc / "loadavg", "0.00 0.10 0.13 1/189 28925\n");
    for (const char* name : {"cpu", "io", "memory"}) {
      WriteFile(proc / "pressure" / name,
                "some avg10=1.11 avg60=2.22 avg300=3.33 total=4444\n"
                "full avg10=0.11 avg60=0.22 avg300=0.33 total=444\n");
    }
    const pid_t init = GetParam().init;
    WriteFile(proc / absl::StrCat(init, "/cgroup"),
              Runfile(absl::StrCat(GetParam().fixture, "/busy_cgroup.txt")));
    WriteFile(proc / absl::StrCat(init, "/stat"), ProcPidStat(init, 'S', kInitStartTicks));
    // The v2 recording's worker cgroup holds a second, running process.
    WriteFile(proc / "4250/stat", ProcPidStat(4250, 'R', kInitStartTicks + 50));
    // The host's 2 CPUs, as in stat.txt and cpuinfo_x86_64.txt.
    for (const char* name : {"online", "present", "possible"}) {
      WriteFile(sys / "devices/system/cpu" / name, "0-1\n");
    }
    Options options;
    options.proc_root = proc.string();
    options.sys_root = sys.string();
    options.cgroup_root = *copy + "/cgroup";
    absl::StatusOr<std::unique_ptr<CgroupFs>> tree =
        CgroupFs::Create(options.cgroup_root, options.cpu_view_from_quota);
    ASSERT_TRUE(tree.ok()) << tree.status();
    pv_ = Procview::CreateWithSources(options, std::make_unique<HostFs>(proc, sys),
                                      *std::move(tree), std::make_unique<FixedResolver>(init));
  }

  // The container's text of `file`, read by some process inside it.
  std::string Render(File file) {
    absl::StatusOr<Rendered> out = pv_->Render(file, 7);
    EXPECT_TRUE(out.ok()) << PathOf(file) << ": " << out.status();
    if (!out.ok()) return "";
    // loadavg without the sampler is the host's whatever the container:
    // no container is looked up for it.
    EXPECT_EQ(out->container_init, file == File::kLoadavg ? 0 : GetParam().init)
        << PathOf(file);
    return out->text;
  }

  std::unique_ptr<Procview> pv_;
};

// The value of `key` in a "Key:   value kB" file (meminfo), or "" if absent.
std::string Field(const std::string& text, std::string_view key) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::ConsumePrefix(&line, absl::StrCat(std::string(key), ":"))) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
}

// Lines of `text` starting with `prefix`.
std::vector<std::string> LinesWith(const std::string& text, std::string_view prefix) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, absl::string_view(prefix.data(), prefix.size()))) {
      out.emplace_back(line);
    }
  }
  return out;
}

TEST_P(GoldenTest, EveryFileMatchesItsGolden) {
  const char* update = getenv("PROCVIEW_UPDATE_GOLDEN");
  for (const File file : AllFiles()) {
    const std::string text = Render(file);
    const std::string name = absl::StrCat(GetParam().name, "/", GoldenName(file), ".txt");
    if (update != nullptr && *update != '\0') {
      WriteFile(fs::path(update) / name, text);
      continue;
    }
    absl::StatusOr<std::string> golden = ReadRunfile("tests/fixtures/golden/" + name);
    ASSERT_TRUE(golden.ok()) << golden.status();
    EXPECT_EQ(text, *golden) << "differs from tests/fixtures/golden/" << name;
  }
}

INSTANTIATE_TEST_SUITE_P(RecordedTrees, GoldenTest, ::testing::Values(kV2, kV1, kHybrid),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

// Key values checked against the fixture directly, so the goldens are not
// only compared with themselves.
using GoldenV2 = GoldenTest;

TEST_P(GoldenV2, MemTotalIsTheLowestAncestorLimit) {
  // web app:1 has memory.max "max"; its parent's 512M applies.
  EXPECT_EQ(Field(Render(File::kMeminfo), "MemTotal"), "524288 kB");
}

TEST_P(GoldenV2, CpuFilesShowTheCpusetsOneCpu) {
  // cpuset.cpus.effective "1": one CPU, numbered cpu0 inside.
  EXPECT_EQ(Render(File::kCpuOnline), "0\n");
  const std::string stat = Render(File::kStat);
  EXPECT_EQ(LinesWith(stat, "cpu0 ").size(), 1u) << stat;
  EXPECT_TRUE(LinesWith(stat, "cpu1 ").empty()) << stat;
  EXPECT_EQ(LinesWith(Render(File::kCpuinfo), "processor").size(), 1u);
}

TEST_P(GoldenV2, DiskstatsCountTheCgroupsIo) {
  // io.stat "254:0 rbytes=8396800 wbytes=41951232 rios=2050 wios=10241".
  const std::vector<std::string> vda = LinesWith(Render(File::kDiskstats), " 254       0 vda ");
  ASSERT_EQ(vda.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(vda[0], " 254       0 vda 2050 0 16400 ")) << vda[0];
}

TEST_P(GoldenV2, PressureIsTheCgroupsOwn) {
  EXPECT_EQ(Render(File::kPressureCpu),
            "some avg10=0.06 avg60=0.75 avg300=0.30 total=1139445\n"
            "full avg10=0.06 avg60=0.74 avg300=0.29 total=1128323\n");
}

TEST_P(GoldenV2, UptimeCountsFromTheInitsStart) {
  // Host 227.65 s up, init started at 120.00 s.
  EXPECT_TRUE(absl::StartsWith(Render(File::kUptime), "107.65 ")) << Render(File::kUptime);
}

TEST_P(GoldenV2, LoadavgWithoutTheSamplerIsTheHosts) {
  EXPECT_EQ(Render(File::kLoadavg), "0.00 0.10 0.13 1/189 28925\n");
}

INSTANTIATE_TEST_SUITE_P(RecordedTree, GoldenV2, ::testing::Values(kV2),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

using GoldenV1 = GoldenTest;

TEST_P(GoldenV1, StatTakesTheCpusetsCpuFromUsageAll) {
  // cpuacct.usage_all row "1 452000000 292000000" (ns): 45 and 29 ticks.
  const std::vector<std::string> cpu0 = LinesWith(Render(File::kStat), "cpu0 ");
  ASSERT_EQ(cpu0.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(cpu0[0], "cpu0 45 0 29 ")) << cpu0[0];
}

TEST_P(GoldenV1, FilesV1CannotComputeAreTheHostsMarked) {
  // No PSI files on v1, and an empty memory.kmem.slabinfo (kernel 6.18).
  for (const File file : {File::kPressureCpu, File::kSlabinfo}) {
    absl::StatusOr<Rendered> out = pv_->Render(file, 7);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_TRUE(out->host_fallback) << PathOf(file);
    EXPECT_FALSE(out->fallback_reason.empty()) << PathOf(file);
  }
}

INSTANTIATE_TEST_SUITE_P(RecordedTree, GoldenV1, ::testing::Values(kV1),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace procview
