// Tests of the /proc/loadavg parser.
#include "lib/procview/parse/loadavg.h"

#include <gtest/gtest.h>

namespace procview {
namespace {

TEST(LoadavgParse, ReadsRecordedHostFile) {
  absl::StatusOr<HostLoadavg> l = ParseLoadavg("0.01 0.02 0.00 1/141 17705\n");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->hundredths, (std::array<uint64_t, 3>{1, 2, 0}));
  EXPECT_EQ(l->running, 1u);
  EXPECT_EQ(l->total, 141u);
  EXPECT_EQ(l->last_pid, 17705);
}

TEST(LoadavgParse, ReadsLargeLoads) {
  absl::StatusOr<HostLoadavg> l = ParseLoadavg("112.57 80.05 40.99 64/12000 4194303\n");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->hundredths, (std::array<uint64_t, 3>{11257, 8005, 4099}));
}

TEST(LoadavgParse, RejectsMalformedText) {
  const char* bad[] = {"",
                       "\n",
                       "0.01 0.02 0.00 1/141\n",
                       "0.01 0.02 0.00 1/141 17705 9\n",
                       "0.1 0.02 0.00 1/141 17705\n",
                       "0.01 0.02 x.00 1/141 17705\n",
                       "0.01 0.02 -0.00 1/141 17705\n",
                       "0.01 0.02 0.00 1-141 17705\n",
                       "0.01 0.02 0.00 1/141 -5\n",
                       "0.01  0.02 0.00 1/141 17705\n",
                       "0.01 0.02 0.00 1/141 17705\n0.01 0.02 0.00 1/141 17705\n"};
  for (const char* text : bad) EXPECT_FALSE(ParseLoadavg(text).ok()) << "accepted: " << text;
}

}  // namespace
}  // namespace procview
