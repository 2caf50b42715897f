// command_line_test.cc: parsing of the `procview` command line.
#include "frontends/cli/command_line.h"

#include <gtest/gtest.h>

namespace procview::cli {
namespace {

TEST(ParseCommandLine, CatWithPidAndFlagsInAnyOrder) {
  absl::StatusOr<CommandLine> line =
      ParseCommandLine({"cat", "--pid", "1234", "-u", "/proc/meminfo", "--enable-cfs",
                        "--explain", "cpuinfo", "--enable-loadavg"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->command, Command::kCat);
  EXPECT_EQ(line->pid, 1234);
  EXPECT_EQ(line->files, (std::vector<std::string>{"/proc/meminfo", "cpuinfo"}));
  EXPECT_FALSE(line->options.swap);
  EXPECT_TRUE(line->options.cpu_view_from_quota);
  EXPECT_TRUE(line->options.loadavg);
  EXPECT_TRUE(line->explain);
}

TEST(ParseCommandLine, DefaultsMatchTheLibrary) {
  absl::StatusOr<CommandLine> line = ParseCommandLine({"cat", "meminfo"});
  ASSERT_TRUE(line.ok()) << line.status();
  const Options defaults;
  EXPECT_EQ(line->pid, std::nullopt);
  EXPECT_EQ(line->options.swap, defaults.swap);
  EXPECT_EQ(line->options.loadavg, defaults.loadavg);
  EXPECT_EQ(line->options.proc_root, defaults.proc_root);
  EXPECT_EQ(line->options.cgroup_root, defaults.cgroup_root);
  EXPECT_FALSE(line->explain);
}

TEST(ParseCommandLine, RootOverridesWithSpaceOrEquals) {
  absl::StatusOr<CommandLine> line = ParseCommandLine(
      {"--proc-root=/fx/proc", "cat", "--cgroup-root", "/fx/cg", "--sys-root=/fx/sys",
       "--pid=7", "stat"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->options.proc_root, "/fx/proc");
  EXPECT_EQ(line->options.cgroup_root, "/fx/cg");
  EXPECT_EQ(line->options.sys_root, "/fx/sys");
  EXPECT_EQ(line->pid, 7);
}

TEST(ParseCommandLine, LsAndHelp) {
  EXPECT_EQ(ParseCommandLine({"ls"})->command, Command::kLs);
  EXPECT_EQ(ParseCommandLine({"--help"})->command, Command::kHelp);
  EXPECT_EQ(ParseCommandLine({"cat", "-h"})->command, Command::kHelp);
  EXPECT_EQ(ParseCommandLine({"help"})->command, Command::kHelp);
}

TEST(ParseCommandLine, RejectsBadInputWithUsageErrors) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"cat"},
           {"cat", "--pid"},
           {"cat", "--pid", "abc", "meminfo"},
           {"cat", "--pid", "-3", "meminfo"},
           {"cat", "--pid=0", "meminfo"},
           {"cat", "--bogus", "meminfo"},
           {"ls", "extra"},
           {"frobnicate"},
       }) {
    absl::StatusOr<CommandLine> line = ParseCommandLine(args);
    EXPECT_TRUE(absl::IsInvalidArgument(line.status()))
        << "args: " << testing::PrintToString(args) << " gave " << line.status();
  }
}

TEST(ParseCommandLine, DoubleDashEndsFlags) {
  absl::StatusOr<CommandLine> line = ParseCommandLine({"cat", "--", "--weird"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->files, std::vector<std::string>{"--weird"});
}

TEST(UsageText, DocumentsEveryExitCode) {
  const std::string usage = UsageText();
  for (const char* code : {"0  success", "1  usage", "2  no such file", "3  no such process",
                           "4  permission denied", "5  any other"}) {
    EXPECT_NE(usage.find(code), std::string::npos) << code;
  }
}

}  // namespace
}  // namespace procview::cli
