// decimal_test.cc: ParseDecimal takes digits only and refuses overflow.
#include "lib/procview/parse/decimal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace procview {
namespace {

TEST(ParseDecimal, ReadsDigits) {
  uint64_t v = 1;
  ASSERT_TRUE(ParseDecimal("0", &v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(ParseDecimal("24683620", &v));
  EXPECT_EQ(v, 24683620u);
  ASSERT_TRUE(ParseDecimal("007", &v));
  EXPECT_EQ(v, 7u);
}

TEST(ParseDecimal, ReadsTheLargestValueAndRefusesOneMore) {
  uint64_t v = 0;
  ASSERT_TRUE(ParseDecimal("18446744073709551615", &v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_FALSE(ParseDecimal("18446744073709551616", &v));
  EXPECT_FALSE(ParseDecimal("99999999999999999999", &v));
}

TEST(ParseDecimal, RefusesAnythingButDigits) {
  uint64_t v = 0;
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1kB", "0x10", "1.5", "\t1"}) {
    EXPECT_FALSE(ParseDecimal(bad, &v)) << '"' << bad << '"';
  }
}

TEST(AppendDecimal, WritesEveryDigitAfterWhatIsThere) {
  std::string out = "x";
  AppendDecimal(0, &out);
  AppendDecimal(7, &out);
  AppendDecimal(1234567890, &out);
  AppendDecimal(UINT64_MAX, &out);
  EXPECT_EQ(out, "x071234567890" "18446744073709551615");
}

}  // namespace
}  // namespace procview
