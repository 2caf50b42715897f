// commands_test.cc: `procview cat` and `ls` over a scripted facade.
#include "frontends/cli/commands.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "frontends/cli/exit_codes.h"

namespace procview::cli {
namespace {

// Renders "<path> for <reader>\n"; reader 66 gets a host fallback, 77 a
// PermissionDenied, 88 an Internal error.
class ScriptedProcview : public Procview {
 public:
  absl::StatusOr<Rendered> Render(File file, pid_t reader) override {
    if (reader == 77) return absl::PermissionDeniedError("denied");
    if (reader == 88) return absl::InternalError("broken");
    Rendered out;
    out.text = absl::StrCat(std::string(PathOf(file)), " for ", reader, "\n");
    out.container_init = reader + 1;
    out.cgroup_text = "4:memory:/lxc/c1\n0::/lxc/c1\n";
    if (reader == 66) {
      out.host_fallback = true;
      out.fallback_reason = "cgroup gone";
    }
    return out;
  }
  absl::StatusOr<Rendered> RenderForCgroup(File, const CgroupSource&, pid_t) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<std::vector<int>> VisibleCpus(pid_t) override {
    return absl::UnimplementedError("unused");
  }
};

class CommandsTest : public ::testing::Test {
 protected:
  CommandsTest() {
    env_.create = [this](const Options& options) -> absl::StatusOr<std::unique_ptr<Procview>> {
      ++creates_;
      created_with_ = options;
      return std::unique_ptr<Procview>(new ScriptedProcview);
    };
    env_.check_pid = [](const std::string&, pid_t pid) {
      if (pid == 404) return absl::NotFoundError("no process 404");
      if (pid == 403) return absl::PermissionDeniedError("no access to 403");
      return absl::OkStatus();
    };
    env_.self_pid = 500;
  }

  int Run(const std::vector<std::string>& args) {
    out_.clear();
    err_.clear();
    absl::StatusOr<CommandLine> line = ParseCommandLine(args);
    EXPECT_TRUE(line.ok()) << line.status();
    return RunCommand(*line, env_, &out_, &err_);
  }

  Environment env_;
  int creates_ = 0;
  Options created_with_;
  std::string out_;
  std::string err_;
};

TEST_F(CommandsTest, CatPrintsTheRenderedTextOfEachFileInOrder) {
  EXPECT_EQ(Run({"cat", "--pid", "12", "meminfo", "/sys/devices/system/cpu/online"}), kExitOk);
  EXPECT_EQ(out_, "proc/meminfo for 12\nsys/devices/system/cpu/online for 12\n");
  EXPECT_EQ(err_, "");
}

TEST_F(CommandsTest, CatDefaultsToItsOwnPid) {
  EXPECT_EQ(Run({"cat", "proc/uptime"}), kExitOk);
  EXPECT_EQ(out_, "proc/uptime for 500\n");
}

TEST_F(CommandsTest, CatPassesOptionsToTheFacade) {
  EXPECT_EQ(Run({"cat", "-u", "--enable-cfs", "--cgroup-root", "/fx", "swaps"}), kExitOk);
  EXPECT_FALSE(created_with_.swap);
  EXPECT_TRUE(created_with_.cpu_view_from_quota);
  EXPECT_EQ(created_with_.cgroup_root, "/fx");
}

TEST_F(CommandsTest, ExplainGoesToStderrOnly) {
  EXPECT_EQ(Run({"cat", "--explain", "--pid", "12", "meminfo"}), kExitOk);
  EXPECT_EQ(out_, "proc/meminfo for 12\n");
  EXPECT_NE(err_.find("container init 13"), std::string::npos) << err_;
  EXPECT_NE(err_.find("cgroup /lxc/c1"), std::string::npos) << err_;
  EXPECT_NE(err_.find("rendered from the container"), std::string::npos) << err_;

  EXPECT_EQ(Run({"cat", "--explain", "--pid", "66", "meminfo"}), kExitOk);
  EXPECT_NE(err_.find("served the host's file: cgroup gone"), std::string::npos) << err_;
}

TEST_F(CommandsTest, UnknownFileIsExit2BeforeAnyWork) {
  EXPECT_EQ(Run({"cat", "--pid", "12", "meminfo", "vmstat"}), kExitNoSuchFile);
  EXPECT_EQ(out_, "");
  EXPECT_NE(err_.find("vmstat"), std::string::npos) << err_;
  EXPECT_EQ(creates_, 0);
}

TEST_F(CommandsTest, MissingPidIsExit3AndUnreadablePidExit4) {
  EXPECT_EQ(Run({"cat", "--pid", "404", "meminfo"}), kExitNoSuchPid);
  EXPECT_NE(err_.find("no process 404"), std::string::npos) << err_;
  EXPECT_EQ(Run({"cat", "--pid", "403", "meminfo"}), kExitPermissionDenied);
  EXPECT_EQ(creates_, 0);
}

TEST_F(CommandsTest, FacadeErrorsMapToExitCodes) {
  EXPECT_EQ(Run({"cat", "--pid", "77", "meminfo"}), kExitPermissionDenied);
  EXPECT_EQ(Run({"cat", "--pid", "88", "meminfo"}), kExitOther);
  EXPECT_NE(err_.find("broken"), std::string::npos) << err_;
}

TEST_F(CommandsTest, FailingCreateIsReported) {
  env_.create = [](const Options&) -> absl::StatusOr<std::unique_ptr<Procview>> {
    return absl::FailedPreconditionError("no cgroupfs at /nowhere");
  };
  EXPECT_EQ(Run({"cat", "meminfo"}), kExitOther);
  EXPECT_NE(err_.find("no cgroupfs at /nowhere"), std::string::npos) << err_;
}

TEST_F(CommandsTest, LsListsEveryFileWithAbsolutePaths) {
  EXPECT_EQ(Run({"ls"}), kExitOk);
  std::vector<std::string> lines = absl::StrSplit(out_, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), AllFiles().size());
  EXPECT_EQ(lines.front(), "/proc/meminfo");
  EXPECT_EQ(lines.back(), "/sys/devices/system/cpu/possible");
  for (const std::string& path : lines) EXPECT_TRUE(FileFromName(path).ok()) << path;
}

TEST_F(CommandsTest, HelpPrintsUsage) {
  EXPECT_EQ(Run({"--help"}), kExitOk);
  EXPECT_EQ(out_, UsageText());
}

}  // namespace
}  // namespace procview::cli
