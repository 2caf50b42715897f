// Tests of /proc/loadavg printing: the kernel's rounding and format.
#include "lib/procview/render/loadavg.h"

#include <gtest/gtest.h>

#include "lib/procview/parse/loadavg.h"

namespace procview {
namespace {

TEST(LoadavgRender, PrintsLikeTheKernel) {
  // 1299/2048 = 0.634..., 378/2048 = 0.184..., 132/2048 = 0.064...
  absl::StatusOr<std::string> text = RenderLoadavg({{1299, 378, 132}, 1, 23, 4711});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "0.63 0.18 0.06 1/23 4711\n");
}

TEST(LoadavgRender, RoundsToNearestHundredth) {
  // 0.995 * 2048 = 2037.76: the kernel's +FIXED_1/200 makes 2038 print 1.00.
  EXPECT_EQ(*RenderLoadavg({{2038, 2037, 0}, 0, 1, 1}), "1.00 0.99 0.00 0/1 1\n");
  EXPECT_EQ(*RenderLoadavg({{100 * kLoadFixed1 + 1024, 0, 0}, 0, 0, 0}),
            "100.50 0.00 0.00 0/0 0\n");
}

TEST(LoadavgRender, OutputParsesBack) {
  absl::StatusOr<std::string> text = RenderLoadavg({{5188, 1495, 518}, 4, 300, 99});
  ASSERT_TRUE(text.ok());
  absl::StatusOr<HostLoadavg> parsed = ParseLoadavg(*text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->hundredths, (std::array<uint64_t, 3>{253, 73, 25}));
  EXPECT_EQ(parsed->total, 300u);
}

TEST(LoadavgRender, RejectsImpossibleCounts) {
  EXPECT_FALSE(RenderLoadavg({{0, 0, 0}, 5, 4, 1}).ok());
  EXPECT_FALSE(RenderLoadavg({{0, 0, 0}, 0, 4, -1}).ok());
}

}  // namespace
}  // namespace procview
