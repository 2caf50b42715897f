// Tests of the /proc/uptime parser.
#include "lib/procview/parse/uptime.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

TEST(UptimeParse, ReadsRecordedHostFile) {
  absl::StatusOr<Uptime> u = ParseUptime(testing::FixtureText("host-proc/uptime.txt"));
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->uptime_cs, 22765u);  // "227.65 245.77"
  EXPECT_EQ(u->idle_cs, 24577u);
}

TEST(UptimeParse, AcceptsShortFractions) {
  absl::StatusOr<Uptime> u = ParseUptime("7.5 3\n");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->uptime_cs, 750u);
  EXPECT_EQ(u->idle_cs, 300u);
}

TEST(UptimeParse, RejectsMalformedText) {
  for (const char* bad : {"", "1.00\n", "1.00 2.00 3.00\n", "-1.00 2.00\n", "1.000 2.00\n",
                          "1. 2.00\n", "x 2.00\n", "1.-5 2\n", "+1.00 2.00\n"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseUptime(bad).status())) << bad;
  }
}

}  // namespace
}  // namespace procview
