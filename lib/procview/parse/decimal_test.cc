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

// ParseDigits reads eight digits per step: it must agree with a byte loop
// (wrapping the same way past 19 digits) for every length, whatever ends
// the digits, and wherever the text ends.
TEST(ParseDigits, AgreesWithAByteLoopForEveryLength) {
  for (int digits = 0; digits <= 26; ++digits) {
    std::string number;
    for (int i = 0; i < digits; ++i) number += static_cast<char>('0' + (i * 7 + 3) % 10);
    uint64_t expected = 0;
    for (char c : number) expected = expected * 10 + static_cast<uint64_t>(c - '0');
    for (const std::string after : {"", "\n", " kB\n", "x123456789", ":", "/", "\xff"}) {
      const std::string text = number + after;
      uint64_t n = 0;
      const char* end = ParseDigits(text.data(), text.data() + text.size(), &n);
      ASSERT_EQ(end - text.data(), digits) << text;
      if (digits > 0) {
        EXPECT_EQ(n, expected) << text;
      }
    }
  }
}

TEST(ParseDecimalLine, ReadsALineAndRefusesOverflowAndOtherBytes) {
  const auto parse = [](const std::string& text, uint64_t* value) {
    return ParseDecimalLine(text.data(), text.data() + text.size(), value) != nullptr;
  };
  uint64_t v = 0;
  EXPECT_TRUE(parse("9223372036854771712\nnext 1\n", &v));
  EXPECT_EQ(v, 9223372036854771712u);
  EXPECT_TRUE(parse("18446744073709551615", &v));
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_TRUE(parse("00000000000000000000000000001\n", &v));  // long, but fits
  EXPECT_EQ(v, 1u);
  EXPECT_FALSE(parse("18446744073709551616\n", &v));  // 2^64: 20 digits, over
  EXPECT_FALSE(parse("123456789012345678901\n", &v));
  EXPECT_FALSE(parse("1234567890123x\n", &v));
  EXPECT_FALSE(parse("12345678 \n", &v));
  EXPECT_FALSE(parse("\n", &v));
  EXPECT_FALSE(parse("-1\n", &v));
}

}  // namespace
}  // namespace procview
