// faults_test.cc: the facade over real sources (a recorded cgroup v1 tree
// and a scratch host /proc) when things break underneath it: a cgroup
// removed between open and read, truncated or malformed cgroup files, an
// unreadable host /proc, and a container recreated at the same cgroup path
// with its old init pid. The outcome is always the container's values, the
// host's file (saying why), or a clear error; never a crash or garbage.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/fake_sources.h"
#include "lib/procview/source/fixture_tree.h"
#include "lib/procview/source/host_fs.h"

namespace procview {
namespace {

namespace fs = std::filesystem;

constexpr pid_t kInit = 4242;
constexpr char kControllers[][8] = {"memory", "cpu", "cpuacct", "cpuset", "blkio"};
constexpr char kCgroup[] = "/pvrec-parent/tight";

void WriteFile(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class SelfResolver : public ContainerResolver {
 public:
  absl::StatusOr<pid_t> ContainerInit(pid_t reader) override { return reader; }
};

// Removes the container's cgroup directories right after each Open, as a
// container being destroyed while a read is in flight would.
class RemoveAfterOpen : public CgroupTree {
 public:
  RemoveAfterOpen(std::unique_ptr<CgroupTree> tree, std::string cgroup_root)
      : tree_(std::move(tree)), root_(std::move(cgroup_root)) {}
  CgroupLayout layout() const override { return tree_->layout(); }
  absl::StatusOr<std::unique_ptr<CgroupSource>> Open(
      std::string_view proc_pid_cgroup) const override {
    absl::StatusOr<std::unique_ptr<CgroupSource>> source = tree_->Open(proc_pid_cgroup);
    for (const char* controller : kControllers) {
      fs::remove_all(fs::path(root_) / controller / std::string(kCgroup).substr(1));
    }
    return source;
  }

 private:
  std::unique_ptr<CgroupTree> tree_;
  std::string root_;
};

// The recorded cgroup v1 tree and a host /proc built from recorded files;
// the reader kInit is its own container, in pvrec-parent/tight.
class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> copy = CopyFixtureTree("tests/fixtures/cgroup-v1");
    ASSERT_TRUE(copy.ok()) << copy.status();
    cgroup_root_ = *copy + "/cgroup";
    proc_root_ = *copy + "/proc";
    sys_root_ = *copy + "/sys";
    for (const char* name : {"meminfo", "stat", "uptime", "cpuinfo_x86_64", "swaps"}) {
      const std::string text =
          *ReadRunfile(absl::StrCat("tests/fixtures/host-proc/", name, ".txt"));
      WriteFile(fs::path(proc_root_) / std::string(absl::StripSuffix(name, "_x86_64")), text);
    }
    WriteFile(fs::path(proc_root_) / "diskstats",
              *ReadRunfile("tests/fixtures/diskstats/host_vda.txt"));
    WriteFile(fs::path(proc_root_) / "loadavg", "0.00 0.10 0.13 1/189 28925\n");
    WriteFile(fs::path(proc_root_) / "slabinfo",
              *ReadRunfile("tests/fixtures/slabinfo/host.txt"));
    WriteFile(fs::path(proc_root_) / "sys/vm/swappiness", "60\n");
    for (const char* name : {"cpu", "io", "memory"}) {
      WriteFile(fs::path(proc_root_) / "pressure" / name,
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    }
    WriteFile(fs::path(proc_root_) / absl::StrCat(kInit, "/stat"), InitStat(123456));
    std::string cgroup_text;
    for (const char* controller : kControllers) {
      absl::StrAppend(&cgroup_text, "1:", controller, ":", kCgroup, "\n");
    }
    WriteFile(fs::path(proc_root_) / absl::StrCat(kInit, "/cgroup"), cgroup_text);
    for (const char* name : {"online", "present", "possible"}) {
      WriteFile(fs::path(sys_root_) / "devices/system/cpu" / name, "0-1\n");
    }
  }

  static std::string InitStat(uint64_t start) {
    return absl::StrCat(kInit, " (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ", start,
                        " 0 0\n");
  }

  std::unique_ptr<Procview> Make(bool remove_after_open = false) {
    Options options;
    options.proc_root = proc_root_;
    options.sys_root = sys_root_;
    options.cgroup_root = cgroup_root_;
    std::unique_ptr<CgroupTree> tree = std::make_unique<CgroupFs>(cgroup_root_, CgroupLayout::kV1);
    if (remove_after_open) {
      tree = std::make_unique<RemoveAfterOpen>(std::move(tree), cgroup_root_);
    }
    return Procview::CreateWithSources(options, std::make_unique<HostFs>(proc_root_, sys_root_),
                                       std::move(tree), std::make_unique<SelfResolver>());
  }

  std::string HostText(File file) const {
    const std::string path(PathOf(file));
    return absl::StartsWith(path, "proc/") ? ReadFile(fs::path(proc_root_) / path.substr(5))
                                           : ReadFile(fs::path(sys_root_) / path.substr(4));
  }

  std::string cgroup_root_;
  std::string proc_root_;
  std::string sys_root_;
};

// Every text a reader could get is whole lines (diskstats of a container
// without I/O may have none).
void ExpectWholeLines(const std::string& text, File file) {
  if (text.empty()) {
    EXPECT_EQ(file, File::kDiskstats);
    return;
  }
  EXPECT_EQ(text.back(), '\n') << PathOf(file);
  EXPECT_EQ(text.find('\0'), std::string::npos) << PathOf(file);
}

TEST_F(FaultsTest, HealthyTreeRendersTheContainersMeminfo) {
  // The baseline the faults below depart from: 128 MiB limit of "tight".
  absl::StatusOr<Rendered> out = Make()->Render(File::kMeminfo, kInit);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->host_fallback) << out->fallback_reason;
  EXPECT_TRUE(absl::StartsWith(out->text, "MemTotal:         131072 kB\n")) << out->text;
}

TEST_F(FaultsTest, CgroupRemovedBetweenOpenAndReadGetsTheHostFile) {
  std::unique_ptr<Procview> view = Make(/*remove_after_open=*/true);
  for (File file : AllFiles()) {
    absl::StatusOr<Rendered> out = view->Render(file, kInit);
    ASSERT_TRUE(out.ok()) << PathOf(file) << ": " << out.status();
    if (file == File::kLoadavg || file == File::kSlabinfo || file == File::kPressureCpu ||
        file == File::kPressureIo || file == File::kPressureMemory || file == File::kSwaps ||
        file == File::kUptime) {
      continue;  // no cgroup reading needed, or (uptime) the init alone suffices
    }
    EXPECT_TRUE(out->host_fallback) << PathOf(file);
    EXPECT_EQ(out->text, HostText(file)) << PathOf(file);
    EXPECT_TRUE(absl::StrContains(out->fallback_reason, "gone")) << out->fallback_reason;
  }
}

TEST_F(FaultsTest, TruncatedOrMalformedCgroupFilesGiveValuesHostFileOrInvalidArgument) {
  const std::vector<std::string> damages = {"", "\n", "12", "garbage\n", "-1\n",
                                            "99999999999999999999999\n", "\xff\xfe\n"};
  // The files the v1 sources read (lib/procview/source/cgroup_files.cc).
  const std::vector<std::string> read = {
      "memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes", "memory/memory.stat",
      "memory/memory.memsw.limit_in_bytes", "memory/memory.memsw.usage_in_bytes",
      "memory/memory.swappiness", "memory/memory.kmem.slabinfo", "cpuset/cpuset.effective_cpus",
      "cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us", "cpu/tasks", "cpuacct/cpuacct.usage_all",
      "cpuacct/cpuacct.stat", "blkio/blkio.throttle.io_service_bytes_recursive",
      "blkio/blkio.throttle.io_serviced_recursive"};
  int files_damaged = 0;
  for (const std::string& rel : read) {
    const size_t slash = rel.find('/');
    const fs::path path = fs::path(cgroup_root_) / rel.substr(0, slash) /
                          std::string(kCgroup).substr(1) / rel.substr(slash + 1);
    ASSERT_TRUE(fs::exists(path)) << path;
    const std::string original = ReadFile(path);
    ++files_damaged;
    // Truncated to half as well as the fixed damages.
    std::vector<std::string> texts = damages;
    texts.push_back(original.substr(0, original.size() / 2));
    for (const std::string& text : texts) {
      WriteFile(path, text);
      std::unique_ptr<Procview> view = Make();
      for (File file : AllFiles()) {
        absl::StatusOr<Rendered> out = view->Render(file, kInit);
        if (out.ok()) {
          ExpectWholeLines(out->text, file);
        } else {
          EXPECT_TRUE(absl::IsInvalidArgument(out.status()))
              << rel << " = \"" << text << "\": " << PathOf(file) << ": " << out.status();
        }
      }
    }
    WriteFile(path, original);
  }
  EXPECT_EQ(files_damaged, 15);
}

TEST_F(FaultsTest, MissingControllerHierarchyGetsTheHostFileForItsFiles) {
  fs::remove_all(fs::path(cgroup_root_) / "memory");
  std::unique_ptr<Procview> view = Make();
  absl::StatusOr<Rendered> meminfo = view->Render(File::kMeminfo, kInit);
  ASSERT_TRUE(meminfo.ok()) << meminfo.status();
  EXPECT_TRUE(meminfo->host_fallback);
  EXPECT_EQ(meminfo->text, HostText(File::kMeminfo));
  // The CPU files still come from the container's cpuset (CPU 0 only).
  absl::StatusOr<Rendered> online = view->Render(File::kCpuOnline, kInit);
  ASSERT_TRUE(online.ok()) << online.status();
  EXPECT_FALSE(online->host_fallback) << online->fallback_reason;
  EXPECT_EQ(online->text, "0\n");
}

TEST_F(FaultsTest, UnreadableHostProcIsAnErrorNotACrash) {
  // Gone entirely, and a regular file where the directory should be.
  for (bool as_file : {false, true}) {
    fs::remove_all(proc_root_);
    if (as_file) WriteFile(proc_root_, "not a directory\n");
    std::unique_ptr<Procview> view = Make();
    for (File file : AllFiles()) {
      absl::StatusOr<Rendered> out = view->Render(file, kInit);
      if (out.ok()) {
        // Only /sys files can still be served (from the host's /sys).
        EXPECT_EQ(PathOf(file).substr(0, 4), "sys/") << PathOf(file);
        ExpectWholeLines(out->text, file);
      } else {
        EXPECT_FALSE(out.status().message().empty());
      }
    }
  }
}

TEST(PidReuse, NewContainerAtTheSamePathWithTheOldInitPidStartsFromItsOwnCounters) {
  // Container "c1" ran for a while (its /proc/stat showed 200 s of user
  // time); it is destroyed and a new "c1" starts whose init got the old pid.
  // The new container must see its own (small) counters, not the old ones.
  constexpr char kText[] = "1:cpu,cpuacct:/lxc/c1\n2:cpuset:/lxc/c1\n";
  auto host = std::make_unique<MapHost>();
  host->proc["stat"] =
      "cpu  4000000 0 0 9000000 0 0 0 0 0 0\ncpu0 4000000 0 0 9000000 0 0 0 0 0 0\n";
  host->proc["900/cgroup"] = kText;
  host->proc["900/stat"] = "900 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1000 0 0\n";
  MapHost* host_view = host.get();
  auto tree = std::make_unique<MapTree>();
  MapTree* tree_view = tree.get();
  auto cpu_of = [](uint64_t user_seconds) {
    CgroupValues values;
    CpuReadings cpu;
    cpu.cpuset = {0};
    cpu.user_ns = user_seconds * 1'000'000'000;
    cpu.per_cpu = {{0, cpu.user_ns, 0}};
    values.cpu = cpu;
    return values;
  };
  tree->containers[kText] = cpu_of(200);
  auto resolver = std::make_unique<SelfResolver>();
  std::unique_ptr<Procview> view =
      Procview::CreateWithSources(Options{}, std::move(host), std::move(tree), std::move(resolver));
  auto user_ticks = [&] {
    absl::StatusOr<Rendered> out = view->Render(File::kStat, 900);
    EXPECT_TRUE(out.ok()) << out.status();
    if (!out.ok()) return std::string();
    std::vector<std::string> fields = absl::StrSplit(out->text, ' ', absl::SkipEmpty());
    return fields.size() > 1 ? fields[1] : std::string();
  };
  EXPECT_EQ(user_ticks(), "20000");  // 200 s at USER_HZ 100
  // The same container, read again: its own counters keep rising.
  tree_view->containers[kText] = cpu_of(201);
  EXPECT_EQ(user_ticks(), "20100");
  // The new container: same path and init pid, a later start time.
  host_view->proc["900/stat"] = "900 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9000 0 0\n";
  tree_view->containers[kText] = cpu_of(1);
  EXPECT_EQ(user_ticks(), "100");
}

}  // namespace
}  // namespace procview
