// Tests of the container /proc/cpuinfo on each architecture's layout.
#include "lib/procview/render/cpuinfo.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "tests/fixtures/fixture_text.h"

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("host-proc/" + name); }

std::string Render(const std::string& fixture, const std::vector<int>& visible) {
  absl::StatusOr<std::string> text = RenderCpuinfo(Fixture(fixture), visible);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CpuinfoRender, X86SecondCpuBecomesCpu0AsASingleCorePackage) {
  EXPECT_EQ(Render("cpuinfo_x86_64.txt", {1}), Fixture("golden_cpuinfo_x86_64_cpu1.txt"));
}

TEST(CpuinfoRender, X86AllCpusRenumberedInOrder) {
  const std::string text = Render("cpuinfo_x86_64.txt", {0, 1});
  EXPECT_EQ(Count(text, "processor\t: "), 2u);
  EXPECT_TRUE(absl::StrContains(text, "processor\t: 1\n")) << text;
  EXPECT_EQ(Count(text, "siblings\t: 1\n"), 2u);
  EXPECT_TRUE(absl::StrContains(text, "physical id\t: 1\n"));
  EXPECT_TRUE(absl::StrContains(text, "apicid\t\t: 1\n"));  // hardware ids stay
}

TEST(CpuinfoRender, S390xSummaryCountsAndListsOnlyVisibleCpus) {
  EXPECT_EQ(Render("cpuinfo_s390x.txt", {1, 3}), Fixture("golden_cpuinfo_s390x_cpus_1_3.txt"));
}

TEST(CpuinfoRender, Ppc64leKeepsTheMachineSummaryLast) {
  const std::string text = Render("cpuinfo_ppc64le.txt", {2, 5, 6});
  EXPECT_EQ(Count(text, "processor\t: "), 3u);
  EXPECT_TRUE(absl::StrContains(text, "processor\t: 2\ncpu\t\t: POWER9")) << text;
  EXPECT_FALSE(absl::StrContains(text, "processor\t: 3"));
  EXPECT_TRUE(absl::EndsWith(text, "\n\ntimebase\t: 512000000\nplatform\t: pSeries\n"
                                   "model\t\t: IBM,9009-22A\nmachine\t\t: CHRP IBM,9009-22A\n"
                                   "MMU\t\t: Radix\n"))
      << text;
}

TEST(CpuinfoRender, Aarch64OneCpu) {
  const std::string text = Render("cpuinfo_aarch64.txt", {3});
  EXPECT_TRUE(absl::StartsWith(text, "processor\t: 0\nBogoMIPS\t: 50.00\n")) << text;
  EXPECT_EQ(Count(text, "processor"), 1u);
  EXPECT_TRUE(absl::EndsWith(text, "CPU revision\t: 1\n\n"));
}

TEST(CpuinfoRender, RiscvKeepsHartIds) {
  const std::string text = Render("cpuinfo_riscv64.txt", {1, 2});
  EXPECT_TRUE(absl::StartsWith(text, "processor\t: 0\nhart\t\t: 2\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\n\nprocessor\t: 1\nhart\t\t: 3\n")) << text;
}

TEST(CpuinfoRender, ContainerOrderDiffersFromTheHosts) {
  const std::string one = Render("cpuinfo_x86_64.txt", {1});  // host CPU 1 as cpu 0
  const std::string text = Render("cpuinfo_x86_64.txt", {1, 0});
  ASSERT_TRUE(absl::StartsWith(text, one)) << text;
  const std::string second = text.substr(one.size());
  EXPECT_TRUE(absl::StartsWith(second, "processor\t: 1\n")) << text;
  EXPECT_TRUE(absl::StrContains(second, "physical id\t: 1\n")) << text;
  EXPECT_TRUE(absl::StrContains(second, "apicid\t\t: 0\n")) << text;  // host CPU 0's
  EXPECT_EQ(Count(text, "processor\t: "), 2u);
  EXPECT_TRUE(absl::EndsWith(text, "\n\n"));
}

TEST(CpuinfoRender, RejectsWhatTheParserRejects) {
  for (const char* host : {"", "vendor_id : x\n", "processor\t: x\n\n", "processor\t: -1\n\n",
                           "processor\t: 0\n\nprocessor\t: 0\n\n",
                           "processor\t: 3\n\nprocessor\t: 2\n\nprocessor\t: 3\n\n",
                           "processor\t: 0\n\nsummary : 1\n\nprocessor\t: 1\n\n"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(RenderCpuinfo(host, {0}).status())) << host;
  }
}

TEST(CpuinfoRender, BlankLinesOfSpacesSeparateBlocksAndALastLineNeedsNoNewline) {
  absl::StatusOr<std::string> text =
      RenderCpuinfo("processor\t: 4\na : 1\n \t\n\nprocessor\t: 5\nprocesso", {5, 4});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "processor\t: 0\nprocesso\n\nprocessor\t: 1\na : 1\n");
}

TEST(CpuinfoRender, VisibleCpuWithoutBlockIsAnError) {
  const std::string host = Fixture("cpuinfo_x86_64.txt");
  EXPECT_TRUE(absl::IsFailedPrecondition(RenderCpuinfo(host, {0, 7}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(RenderCpuinfo(host, {}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(RenderCpuinfo(host, {1, 1}).status()));
}

}  // namespace
}  // namespace procview
