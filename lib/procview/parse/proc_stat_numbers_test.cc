#include "lib/procview/parse/proc_stat_numbers.h"

#include <string>

#include "gtest/gtest.h"

namespace procview {
namespace {

// The slow check alone, for comparison: CheckStatNumbers on text the fast
// path must not decide.
struct Verdict {
  bool valid = false;
  bool canonical = false;
};

Verdict Check(const std::string& values) {
  Verdict v;
  v.valid = CheckStatNumbers(values, &v.canonical);
  return v;
}

#if defined(__SSE2__)
constexpr bool kFastPath = true;
#else
constexpr bool kFastPath = false;  // CheckStatNumbers' loop decides alone
#endif

// `tail` after enough numbers for the fast path to look at it.
std::string Long(const std::string& tail) { return " 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" + tail; }

TEST(LooksCanonicalStatNumbersTest, AcceptsTheKernelsSpelling) {
  EXPECT_EQ(kFastPath, LooksCanonicalStatNumbers(Long(" 0 0 0 0 0 0 0 0 0 0 0 0")));
  EXPECT_EQ(kFastPath, LooksCanonicalStatNumbers(Long(" 40889855 0 0 0 1 8 0 4479 361 0 1230537")));
  EXPECT_EQ(kFastPath, LooksCanonicalStatNumbers(Long(" 1234567890123456789 0 1 2 3 4 5 6 7 8 9")));
  EXPECT_EQ(kFastPath, LooksCanonicalStatNumbers(Long("")));
  EXPECT_EQ(kFastPath, LooksCanonicalStatNumbers(Long(" 7")));  // a tail past the last full chunk
}

TEST(LooksCanonicalStatNumbersTest, LeavesEverythingElseToTheSlowCheck) {
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 7 8"));         // short
  EXPECT_FALSE(LooksCanonicalStatNumbers("1" + Long("")));             // no leading space
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0 ")));                // trailing blank
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0  0 0")));            // two blanks
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0 01")));              // leading zero
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 00 0 0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0x 0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0\t0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 12345678901234567890")));  // 20 digits
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 123456789012345678901" + Long("")));
}

// Every pattern at every offset across a chunk boundary: the fast path
// never accepts what the slow check calls non-canonical or invalid.
TEST(LooksCanonicalStatNumbersTest, AgreesWithTheSlowCheckAtEveryOffset) {
  const std::string patterns[] = {"  ",  " 0 ", " 00", " 01", " 0x", "x", "\t", " 7",
                                  " 99999999999999999999", " 123456789012345678901"};
  for (const std::string& pattern : patterns) {
    for (size_t at = 1; at < 80; ++at) {
      std::string values;
      while (values.size() < at) values += " 5";
      values.resize(at);
      if (values.back() == ' ') values.back() = '5';
      values += pattern;
      while (values.size() < 96) values += " 3";
      const Verdict slow = Check(values);
      if (LooksCanonicalStatNumbers(values)) {
        EXPECT_TRUE(slow.valid && slow.canonical) << "\"" << values << "\"";
      }
    }
  }
}

TEST(CheckStatNumbersTest, ChecksAndFlagsOtherSpellings) {
  EXPECT_TRUE(Check(" 1 2 3").valid);
  EXPECT_TRUE(Check(" 1 2 3").canonical);
  EXPECT_TRUE(Check(" 007 0  5").valid);
  EXPECT_FALSE(Check(" 007 0  5").canonical);
  EXPECT_FALSE(Check(" 1 2 3 ").canonical);
  EXPECT_FALSE(Check("").valid);
  EXPECT_FALSE(Check(" ").valid);
  EXPECT_FALSE(Check(" 1 0x").valid);
  EXPECT_TRUE(Check(" 0 0 0 0 0 0 0 0 0 18446744073709551615").valid);
  EXPECT_FALSE(Check(" 0 0 0 0 0 0 0 0 0 18446744073709551616").valid);
  EXPECT_FALSE(Check(" 0 0 0 0 0 0 0 0 0 99999999999999999999").valid);
}

}  // namespace
}  // namespace procview
