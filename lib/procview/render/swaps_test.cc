// Tests of the container /proc/swaps.
#include "lib/procview/render/swaps.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

std::string RecordedHostHeader() {
  return testing::FixtureText("host-proc/swaps.txt");  // host without swap
}

TEST(SwapsRender, NoSwapIsTheKernelsHeaderAlone) {
  EXPECT_EQ(RenderSwaps(SwapView{}), RecordedHostHeader());
}

TEST(SwapsRender, OneVirtualDeviceWithTheContainersSizeAndUsage) {
  EXPECT_EQ(RenderSwaps(SwapView{1048576, 8192}),
            RecordedHostHeader() +
                "none                                    virtual\t\t1048576\t\t8192\t\t0\n");
}

TEST(SwapsRender, LargeNumbersLoseTheirSecondTab) {
  const std::string text = RenderSwaps(SwapView{16777216, 12345678});
  EXPECT_NE(text.find("virtual\t\t16777216\t12345678\t0\n"), std::string::npos) << text;
}

TEST(SwapsRender, AgreesWithMeminfosSwapNumbers) {
  const SwapView swap{2048, 2048};  // swappiness 0 with usage: full
  const std::string text = RenderSwaps(swap);
  EXPECT_NE(text.find("\t2048\t\t2048\t"), std::string::npos) << text;
  EXPECT_EQ(swap.free_kb(), 0u);
}

}  // namespace
}  // namespace procview
