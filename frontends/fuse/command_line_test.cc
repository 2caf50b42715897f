// command_line_test.cc: LXCFS-compatible flags of procviewfs.

#include "frontends/fuse/command_line.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace procview {
namespace fuse {
namespace {

absl::StatusOr<CommandLine> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "procviewfs");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, DefaultsLikeLxcfs) {
  absl::StatusOr<CommandLine> parsed = Parse({"/var/lib/procview"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->mountpoint, "/var/lib/procview");
  EXPECT_FALSE(parsed->foreground);
  EXPECT_FALSE(parsed->debug);
  EXPECT_TRUE(parsed->swap);
  EXPECT_FALSE(parsed->loadavg);
  EXPECT_FALSE(parsed->cfs);
  EXPECT_EQ(parsed->runtime_dir, "/run");
  EXPECT_EQ(parsed->pidfile, "/run/procview.pid");
  EXPECT_TRUE(parsed->fuse_options.empty());
  EXPECT_EQ(parsed->library, "");
}

TEST(CommandLine, ShortFlagsCombineAndDebugImpliesForeground) {
  absl::StatusOr<CommandLine> parsed = Parse({"-dlu", "-o", "ro", "-oallow_other", "mnt"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->debug);
  EXPECT_TRUE(parsed->foreground);
  EXPECT_TRUE(parsed->loadavg);
  EXPECT_FALSE(parsed->swap);
  EXPECT_EQ(parsed->fuse_options, (std::vector<std::string>{"ro", "allow_other"}));
}

TEST(CommandLine, LongFlagsWithValues) {
  absl::StatusOr<CommandLine> parsed =
      Parse({"--enable-cfs", "--enable-loadavg", "--disable-swap", "--runtime-dir=/tmp/r",
             "--library", "/opt/libprocview.so", "--foreground", "mnt"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->cfs);
  EXPECT_TRUE(parsed->loadavg);
  EXPECT_FALSE(parsed->swap);
  EXPECT_TRUE(parsed->foreground);
  EXPECT_EQ(parsed->runtime_dir, "/tmp/r");
  EXPECT_EQ(parsed->pidfile, "/tmp/r/procview.pid");  // follows --runtime-dir
  EXPECT_EQ(parsed->library, "/opt/libprocview.so");
}

TEST(CommandLine, ExplicitPidfileWins) {
  EXPECT_EQ(Parse({"-p", "/x.pid", "--runtime-dir", "/r", "m"})->pidfile, "/x.pid");
  EXPECT_EQ(Parse({"--pidfile=/y.pid", "m"})->pidfile, "/y.pid");
}

TEST(CommandLine, MountpointMayFollowOrPrecedeFlags) {
  absl::StatusOr<CommandLine> parsed = Parse({"mnt", "-f"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->mountpoint, "mnt");
  EXPECT_TRUE(parsed->foreground);
}

TEST(CommandLine, HelpAndVersionNeedNoMountpoint) {
  EXPECT_TRUE(Parse({"-h"})->help);
  EXPECT_TRUE(Parse({"--version"})->version);
  EXPECT_TRUE(Parse({"-v"})->version);
}

TEST(CommandLine, RejectsBadInvocations) {
  EXPECT_TRUE(absl::IsInvalidArgument(Parse({}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Parse({"a", "b"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Parse({"-x", "m"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Parse({"--bogus", "m"}).status()));
  absl::StatusOr<CommandLine> missing_value = Parse({"m", "-p"});
  ASSERT_FALSE(missing_value.ok());
  EXPECT_NE(missing_value.status().message().find("-p"), absl::string_view::npos)
      << missing_value.status();
  EXPECT_TRUE(absl::IsInvalidArgument(Parse({"--runtime-dir=", "m"}).status()));
}

TEST(CommandLine, ParsesTwiceInOneProcess) {
  // getopt keeps global state; the parser must reset it.
  ASSERT_TRUE(Parse({"-f", "one"}).ok());
  absl::StatusOr<CommandLine> second = Parse({"-u", "two"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->mountpoint, "two");
  EXPECT_FALSE(second->foreground);
}

TEST(CommandLine, UsageMentionsEveryFlag) {
  const std::string usage = Usage("procviewfs");
  for (const char* flag : {"-f", "-d", "-l", "-u", "--enable-cfs", "-p", "--runtime-dir", "-o",
                           "--library", "-h", "-v", "SIGUSR1"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace fuse
}  // namespace procview
