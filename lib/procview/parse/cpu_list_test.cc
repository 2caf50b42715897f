// cpu_list_test.cc: CPU lists as cpuset and sysfs print them.
#include "lib/procview/parse/cpu_list.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "lib/procview/parse/random_text.h"

namespace procview {
namespace {

TEST(ParseCpuList, ReadsRangesAndSingles) {
  absl::StatusOr<std::vector<int>> cpus = ParseCpuList("0-3,8,10-11\n");
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_EQ(*cpus, (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
}

TEST(ParseCpuList, EmptyListIsNoCpus) {
  EXPECT_TRUE(ParseCpuList("\n")->empty());
  EXPECT_TRUE(ParseCpuList("")->empty());
}

TEST(ParseCpuList, SortsAndDropsDuplicates) {
  EXPECT_EQ(*ParseCpuList("5,1-2,2,0"), (std::vector<int>{0, 1, 2, 5}));
}

TEST(ParseCpuList, RejectsGarbage) {
  for (const char* text : {"a", "1,", ",1", "1-", "-1", "1--2", "1 2", "+1", "0-3\n\n", "1-2-3"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuList(text).status())) << text;
  }
}

TEST(ParseCpuList, RejectsReversedRanges) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuList("3-1").status()));
}

TEST(ParseCpuList, RejectsHugeNumbers) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuList("0-4294967296").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuList("65536").status()));
  EXPECT_TRUE(ParseCpuList("65535").ok());
}

TEST(ParseCpuList, TakesUpToFiveDigits) {
  EXPECT_EQ(*ParseCpuList("00001"), (std::vector<int>{1}));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuList("000001").status()));
}

TEST(ParseCpuList, QuotesTheMalformedItem) {
  const absl::Status bad = ParseCpuList("0-1,2-x,5").status();
  EXPECT_TRUE(absl::StrContains(bad.message(), "\"2-x\"")) << bad;
}

// The format's definition, item by item: what the one-pass scan must agree with.
std::optional<std::vector<int>> ReferenceCpuList(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  std::set<int> cpus;
  if (text.empty()) return std::vector<int>();
  const auto number = [](const std::string& s) -> std::optional<int> {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    const int n = std::stoi(s);
    if (n > kMaxCpuNumber) return std::nullopt;
    return n;
  };
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma - start);
    const size_t dash = item.find('-');
    const std::optional<int> first = number(item.substr(0, dash));
    const std::optional<int> last =
        dash == std::string::npos ? first : number(item.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    for (int cpu = *first; cpu <= *last; ++cpu) cpus.insert(cpu);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return std::vector<int>(cpus.begin(), cpus.end());
}

TEST(ParseCpuList, AgreesWithTheDefinitionOnRandomText) {
  std::mt19937 random(3);
  const std::string alphabet = "0123456789,,--\n x";
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(&random, alphabet, 16);
    const std::optional<std::vector<int>> expected = ReferenceCpuList(text);
    absl::StatusOr<std::vector<int>> cpus = ParseCpuList(text);
    ASSERT_EQ(cpus.ok(), expected.has_value()) << text;
    if (expected) {
      EXPECT_EQ(*cpus, *expected) << text;
    }
    CpuNumbers into;
    ASSERT_EQ(ParseCpuListInto(text, &into).ok(), expected.has_value()) << text;
    if (expected) {
      EXPECT_EQ(std::vector<int>(into.begin(), into.end()), *expected) << text;
    }
  }
}

TEST(FormatCpuList, CollapsesRuns) {
  EXPECT_EQ(FormatCpuList({0, 1, 2, 3, 8, 10, 11}), "0-3,8,10-11");
  EXPECT_EQ(FormatCpuList({1}), "1");
  EXPECT_EQ(FormatCpuList({}), "");
}

TEST(FormatCpuList, RoundTripsWhatItParses) {
  for (const char* text : {"0", "0-1", "0,2,4-7", "1-2,64-127"}) {
    EXPECT_EQ(FormatCpuList(*ParseCpuList(text)), text);
  }
}

TEST(StrictlyAscendingTest, IsTheKernelsOrder) {
  EXPECT_TRUE(StrictlyAscending({}));
  EXPECT_TRUE(StrictlyAscending({3}));
  EXPECT_TRUE(StrictlyAscending({0, 1, 5}));
  EXPECT_FALSE(StrictlyAscending({0, 1, 1}));
  EXPECT_FALSE(StrictlyAscending({1, 0}));
}

}  // namespace
}  // namespace procview
