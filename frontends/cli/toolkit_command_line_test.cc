// toolkit_command_line_test.cc: flags of check/oci-hook/umount/remount/run.
#include "frontends/cli/toolkit_command_line.h"

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

absl::StatusOr<ToolkitCommandLine> Parse(std::vector<std::string> args) {
  return ParseToolkitCommandLine(args);
}

TEST(ToolkitCommandLine, DefaultsToVarLibProcview) {
  absl::StatusOr<ToolkitCommandLine> line = Parse({"check"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->command, ToolkitCommand::kCheck);
  EXPECT_EQ(line->mount_root, "/var/lib/procview");
}

TEST(ToolkitCommandLine, MountRootInBothSpellings) {
  EXPECT_EQ(Parse({"oci-hook", "--mount-root", "/srv/pv"})->mount_root, "/srv/pv");
  EXPECT_EQ(Parse({"oci-hook", "--mount-root=/srv/pv"})->mount_root, "/srv/pv");
  EXPECT_FALSE(Parse({"oci-hook", "--mount-root", "relative"}).ok());
  EXPECT_FALSE(Parse({"oci-hook", "--mount-root"}).ok());
}

TEST(ToolkitCommandLine, UmountAndRemountNeedExactlyOneTarget) {
  EXPECT_TRUE(Parse({"umount", "--all"})->all);
  EXPECT_EQ(Parse({"remount", "--container", "42"})->container, 42);
  EXPECT_EQ(Parse({"remount", "--container=42"})->container, 42);
  EXPECT_FALSE(Parse({"umount"}).ok());
  EXPECT_FALSE(Parse({"umount", "--all", "--container", "42"}).ok());
  EXPECT_FALSE(Parse({"remount", "--container", "0"}).ok());
  EXPECT_FALSE(Parse({"remount", "--container", "x"}).ok());
  EXPECT_FALSE(Parse({"check", "--all"}).ok());
}

TEST(ToolkitCommandLine, RunTakesLimitsAndTheCommand) {
  absl::StatusOr<ToolkitCommandLine> line =
      Parse({"run", "--memory", "256M", "--cpus=0-1,3", "--cpu-quota", "50000", "--", "free",
             "-b"});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->memory_bytes, 256u << 20);
  EXPECT_EQ(line->cpus, "0-1,3");
  EXPECT_EQ(line->cpu_quota_us, 50000);
  EXPECT_EQ(line->argv, (std::vector<std::string>{"free", "-b"}));
  // Without "--" the first non-flag starts the command, whose flags are its own.
  EXPECT_EQ(Parse({"run", "ls", "-l"})->argv, (std::vector<std::string>{"ls", "-l"}));
}

TEST(ToolkitCommandLine, RunRejectsBadLimitsAndMissingCommand) {
  EXPECT_FALSE(Parse({"run", "--", }).ok());
  EXPECT_FALSE(Parse({"run", "--memory", "lots", "--", "sh"}).ok());
  EXPECT_FALSE(Parse({"run", "--cpus", "0-", "--", "sh"}).ok());
  EXPECT_FALSE(Parse({"run", "--cpus", "a", "--", "sh"}).ok());
  EXPECT_FALSE(Parse({"run", "--cpu-quota", "10", "--", "sh"}).ok());
  EXPECT_FALSE(Parse({"run", "--bogus", "--", "sh"}).ok());
}

TEST(ToolkitCommandLine, NonRunCommandsTakeNoArguments) {
  EXPECT_FALSE(Parse({"check", "extra"}).ok());
  EXPECT_FALSE(Parse({"nope"}).ok());
  EXPECT_TRUE(IsToolkitCommand("oci-hook"));
  EXPECT_FALSE(IsToolkitCommand("cat"));
}

TEST(ToolkitCommandLine, ReloadTakesAPidfileAndAMountRoot) {
  absl::StatusOr<ToolkitCommandLine> line = Parse({"reload"});
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->command, ToolkitCommand::kReload);
  EXPECT_EQ(line->pidfile, kDefaultPidfile);
  line = Parse({"reload", "-p", "/run/x.pid", "--mount-root=/mnt/pv"});
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->pidfile, "/run/x.pid");
  EXPECT_EQ(line->mount_root, "/mnt/pv");
  EXPECT_EQ(Parse({"reload", "--pidfile=/a.pid"})->pidfile, "/a.pid");
  EXPECT_FALSE(Parse({"reload", "--pidfile="}).ok());
  EXPECT_FALSE(Parse({"reload", "--all"}).ok());
  EXPECT_FALSE(Parse({"check", "-p", "/a.pid"}).ok());
}

TEST(ParseSize, BinaryUnitsEitherCase) {
  EXPECT_EQ(ParseSize("256M").value(), 256u << 20);
  EXPECT_EQ(ParseSize("1g").value(), 1u << 30);
  EXPECT_EQ(ParseSize("512KB").value(), 512u << 10);
  EXPECT_EQ(ParseSize("4096").value(), 4096u);
  EXPECT_EQ(ParseSize("2T").value(), uint64_t{2} << 40);
}

TEST(ParseSize, RejectsGarbageZeroAndOverflow) {
  for (const char* bad : {"", "M", "0", "-1M", "1.5G", "12X", "99999999999999999999",
                          "17179869184T"}) {
    EXPECT_FALSE(ParseSize(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace procview::cli
