// cpu_list_test.cc: CPU lists as cpuset and sysfs print them.
#include "lib/procview/parse/cpu_list.h"

#include <gtest/gtest.h>

#include "absl/status/status.h"

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
