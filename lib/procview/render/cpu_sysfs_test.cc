// Tests of the container CPU range files.
#include "lib/procview/render/cpu_sysfs.h"

#include <gtest/gtest.h>

namespace procview {
namespace {

TEST(CpuRangeRender, OneCpuIsJustZero) { EXPECT_EQ(*RenderCpuRange(1), "0\n"); }

TEST(CpuRangeRender, SeveralCpusAreARangeFromZero) {
  EXPECT_EQ(*RenderCpuRange(2), "0-1\n");
  EXPECT_EQ(*RenderCpuRange(256), "0-255\n");
}

TEST(CpuRangeRender, NoCpusIsAnError) {
  EXPECT_TRUE(absl::IsInvalidArgument(RenderCpuRange(0).status()));
}

}  // namespace
}  // namespace procview
