// Tests of the /proc/cpuinfo parser on each architecture's layout.
#include "lib/procview/parse/cpuinfo.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("host-proc/" + name); }

// A Cpuinfo points into its text: keep each fixture's text for the test run.
const std::string& KeptFixture(const std::string& name) {
  static auto* kept = new std::map<std::string, std::string>;
  auto it = kept->find(name);
  if (it == kept->end()) it = kept->emplace(name, Fixture(name)).first;
  return it->second;
}

Cpuinfo Parsed(const std::string& name) {
  absl::StatusOr<Cpuinfo> c = ParseCpuinfo(KeptFixture(name));
  EXPECT_TRUE(c.ok()) << name << ": " << c.status();
  return c.ok() ? *c : Cpuinfo{};
}

TEST(CpuinfoParse, RecordedX86HasOneBlockPerCpuAndNoSummary) {
  Cpuinfo c = Parsed("cpuinfo_x86_64.txt");
  ASSERT_EQ(c.processors.size(), 2u);
  EXPECT_EQ(c.processors[1].cpu, 1);
  EXPECT_EQ(CpuinfoLines(c.processors[1].lines).front(), "processor\t: 1");
  EXPECT_EQ(CpuinfoLines(c.processors[1].lines).back(), "power management:");
  EXPECT_TRUE(c.header.empty());
  EXPECT_TRUE(c.footer.empty());
  EXPECT_TRUE(c.trailing_blank);
}

TEST(CpuinfoParse, S390xSummaryIsTheHeaderAndCpuNumberStartsBlocks) {
  Cpuinfo c = Parsed("cpuinfo_s390x.txt");
  ASSERT_EQ(c.header.size(), 1u);
  EXPECT_EQ(CpuinfoLines(c.header[0])[1], "# processors    : 4");
  ASSERT_EQ(c.processors.size(), 4u);
  EXPECT_EQ(c.processors[3].cpu, 3);
  EXPECT_EQ(CpuinfoLines(c.processors[3].lines).front(), "cpu number      : 3");
  EXPECT_FALSE(c.trailing_blank);
}

TEST(CpuinfoParse, Ppc64leMachineSummaryIsTheFooter) {
  Cpuinfo c = Parsed("cpuinfo_ppc64le.txt");
  ASSERT_EQ(c.processors.size(), 8u);
  ASSERT_EQ(c.footer.size(), 1u);
  EXPECT_EQ(CpuinfoLines(c.footer[0]).front(), "timebase\t: 512000000");
  EXPECT_FALSE(c.trailing_blank);
}

TEST(CpuinfoParse, Aarch64AndRiscvBlocks) {
  Cpuinfo arm = Parsed("cpuinfo_aarch64.txt");
  EXPECT_EQ(arm.processors.size(), 4u);
  EXPECT_TRUE(arm.header.empty());
  Cpuinfo riscv = Parsed("cpuinfo_riscv64.txt");
  ASSERT_EQ(riscv.processors.size(), 4u);
  EXPECT_EQ(CpuinfoLines(riscv.processors[2].lines)[1], "hart\t\t: 3");
}

TEST(CpuinfoParse, EveryLayoutRoundTripsByteForByte) {
  for (const char* name : {"cpuinfo_x86_64.txt", "cpuinfo_aarch64.txt", "cpuinfo_s390x.txt",
                           "cpuinfo_ppc64le.txt", "cpuinfo_riscv64.txt"}) {
    EXPECT_EQ(FormatCpuinfo(Parsed(name)), Fixture(name)) << name;
  }
}

TEST(CpuinfoParse, BlankLinesOfSpacesSeparateParagraphsToo) {
  absl::StatusOr<Cpuinfo> c = ParseCpuinfo("processor\t: 0\na : 1\n \t\n\nprocessor\t: 1\n");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->processors.size(), 2u);
  EXPECT_EQ(c->processors[0].lines, "processor\t: 0\na : 1");
  EXPECT_FALSE(c->trailing_blank);
  EXPECT_EQ(FormatCpuinfo(*c), "processor\t: 0\na : 1\n\nprocessor\t: 1\n");
}

TEST(CpuinfoParse, SplitsKeyAndValueAroundTabsAndSpaces) {
  auto kv = SplitCpuinfoLine("cpu MHz\t\t: 2096.009");
  ASSERT_TRUE(kv.has_value());
  EXPECT_EQ(kv->first, "cpu MHz");
  EXPECT_EQ(kv->second, "2096.009");
  kv = SplitCpuinfoLine("power management:");
  ASSERT_TRUE(kv.has_value());
  EXPECT_EQ(kv->second, "");
  EXPECT_FALSE(SplitCpuinfoLine("no colon here").has_value());
}

TEST(CpuinfoParse, RejectsMalformedText) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuinfo("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuinfo("vendor_id : x\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuinfo("processor\t: x\n\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuinfo("processor\t: -1\n\n").status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(ParseCpuinfo("processor\t: 0\n\nprocessor\t: 0\n\n").status()));
  // A repeat after CPUs out of order (found by the fuzzer).
  EXPECT_TRUE(absl::IsInvalidArgument(
      ParseCpuinfo("processor\t: 3\n\nprocessor\t: 2\n\nprocessor\t: 3\n\n").status()));
}

TEST(CpuinfoParse, TruncatedFileKeepsTheCompleteBlocks) {
  const std::string text = Fixture("cpuinfo_x86_64.txt");
  const std::string truncated = text.substr(0, text.find("processor\t: 1") + 8);
  absl::StatusOr<Cpuinfo> c = ParseCpuinfo(truncated);
  ASSERT_TRUE(c.ok()) << c.status();
  // "processo" is a line of no CPU after the first block: kept as footer.
  EXPECT_EQ(c->processors.size(), 1u);
  EXPECT_EQ(c->footer.size(), 1u);
}

}  // namespace
}  // namespace procview
