#include "lib/procview/parse/proc_stat_numbers.h"

#include <iterator>
#include <random>
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

// `tail` after enough numbers for the chunked steps to look at it.
std::string Long(const std::string& tail) { return " 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" + tail; }

TEST(LooksCanonicalStatNumbersTest, AcceptsTheKernelsSpelling) {
  EXPECT_TRUE(LooksCanonicalStatNumbers(Long(" 0 0 0 0 0 0 0 0 0 0 0 0")));
  EXPECT_TRUE(LooksCanonicalStatNumbers(Long(" 40889855 0 0 0 1 8 0 4479 361 0 1230537")));
  EXPECT_TRUE(LooksCanonicalStatNumbers(Long(" 1234567890123456789 0 1 2 3 4 5 6 7 8 9")));
  EXPECT_TRUE(LooksCanonicalStatNumbers(Long("")));
  EXPECT_TRUE(LooksCanonicalStatNumbers(Long(" 7")));  // a tail past the last full chunk
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 7 8"));  // short
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 0"));
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"));
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 10 0 0 0 0 0 0 0 0 0 0 0 0"));
}

TEST(LooksCanonicalStatNumbersTest, LeavesEverythingElseToTheSlowCheck) {
  EXPECT_FALSE(LooksCanonicalStatNumbers(""));
  EXPECT_FALSE(LooksCanonicalStatNumbers(" "));
  EXPECT_FALSE(LooksCanonicalStatNumbers("1" + Long("")));             // no leading space
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0 ")));                // trailing blank
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0  0 0")));            // two blanks
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0 01")));              // leading zero
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 00 0 0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0x 0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 0\t0")));
  EXPECT_FALSE(LooksCanonicalStatNumbers(Long(" 12345678901234567890")));  // 20 digits
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 123456789012345678901" + Long("")));
  // In and right after runs of zeros.
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 01"));
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "));
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 00 0 0 0 0 0 0 0 0 0"));
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 0 0 0 0 0 0 0 0x 0 0 0 0 0 0 0 0 0"));
}

// Every pattern at every offset across a chunk boundary, amid other
// numbers and amid runs of zeros (long enough for several 64-byte blocks):
// the fast path accepts exactly what the slow check calls canonical, except
// numbers of 20 digits.
TEST(LooksCanonicalStatNumbersTest, AgreesWithTheSlowCheckAtEveryOffset) {
  const std::string patterns[] = {"  ",  " 0 ", " 00", " 01", " 0x", "x", "\t", " 7", " 0",
                                  " 10", " 99999999999999999999", " 123456789012345678901"};
  for (const char* filler : {" 5", " 0"}) {
    for (const std::string& pattern : patterns) {
      for (size_t at = 1; at < 220; ++at) {
        std::string values;
        while (values.size() < at) values += filler;
        values.resize(at);
        if (values.back() == ' ') values.back() = filler[1];
        values += pattern;
        while (values.size() < 240 + at % 3) values += filler;
        const Verdict slow = Check(values);
        const bool long_number = pattern.size() > 20;
        if (LooksCanonicalStatNumbers(values)) {
          EXPECT_TRUE(slow.valid && slow.canonical) << "\"" << values << "\"";
        } else {
          EXPECT_TRUE(long_number || !(slow.valid && slow.canonical)) << "\"" << values << "\"";
        }
      }
    }
  }
}

// Breaks that span a 16-byte boundary into a chunk of " 0 0..." or
// "0 0 ...", which is passed over with a single comparison.
TEST(LooksCanonicalStatNumbersTest, SeesBreaksIntoChunksOfZeros) {
  const std::string zeros = " 0 0 0 0 0 0 0 0";
  const std::string zeros_odd = "0 0 0 0 0 0 0 0 ";
  const std::string nines_19(19, '9');
  // Two spaces.
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 78 " + zeros + " 5"));
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 789" + zeros + " 5"));
  // A leading zero: "00".
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 7 0" + zeros_odd + "5"));
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 1 2 3 4 5 6 7 1" + zeros_odd + "5"));
  // A run of 20 digits that does not fit 64 bits (99999999999999999990).
  EXPECT_FALSE(LooksCanonicalStatNumbers(" 1 1 1 1 1 1 " + nines_19 + zeros_odd + "5"));
  EXPECT_FALSE(Check(" 1 1 1 1 1 1 " + nines_19 + zeros_odd + "5").valid);
  EXPECT_TRUE(LooksCanonicalStatNumbers(" 1 1 1 1 1 11 " + nines_19.substr(1) + zeros_odd + "5"));
}

// At least rng() % max_size bytes of pieces drawn from `numbers`, with one
// piece in `break_odds` drawn from `breaks` instead.
template <size_t kNumbers, size_t kBreaks>
std::string NumbersWithBreaks(std::mt19937* rng, const std::string (&numbers)[kNumbers],
                              const std::string (&breaks)[kBreaks], size_t max_size,
                              unsigned break_odds) {
  std::string values;
  const size_t size = (*rng)() % max_size;
  while (values.size() < size) {
    const bool is_break = (*rng)() % break_odds == 0;
    values += is_break ? breaks[(*rng)() % kBreaks] : numbers[(*rng)() % kNumbers];
  }
  return values;
}

// Random texts, mostly " 0" and other numbers with a few breaks, of every length
// up to 100: the fast path accepts exactly what the slow check calls
// canonical, except numbers of 20 digits.
TEST(LooksCanonicalStatNumbersTest, AgreesWithTheSlowCheckOnRandomTexts) {
  std::mt19937 rng(11);
  const std::string numbers[] = {" 0", " 0", " 0", " 0", " 7", " 10", " 12345", " 999999999"};
  const std::string breaks[] = {"0", "9999999", " ", "x", "00", "\t"};
  int accepted = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string values = NumbersWithBreaks(&rng, numbers, breaks, 100, 30);
    const Verdict slow = Check(values);
    bool long_number = false;
    size_t run = 0;
    for (const char c : values) {
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      long_number = long_number || run >= 20;
    }
    if (LooksCanonicalStatNumbers(values)) {
      ++accepted;
      EXPECT_TRUE(slow.valid && slow.canonical) << "\"" << values << "\"";
    } else {
      EXPECT_TRUE(long_number || !(slow.valid && slow.canonical)) << "\"" << values << "\"";
    }
  }
  EXPECT_GT(accepted, 5000) << accepted;  // both verdicts are exercised
}

// The definition of LooksCanonicalStatNumbers, one number at a time.
bool LooksCanonicalReference(const std::string& values) {
  if (values.empty()) return false;
  size_t i = 0;
  while (i < values.size()) {
    if (values[i] != ' ') return false;
    const size_t start = ++i;
    while (i < values.size() && values[i] >= '0' && values[i] <= '9') ++i;
    const size_t digits = i - start;
    if (digits == 0 || digits >= 20 || (values[start] == '0' && digits > 1)) return false;
  }
  return true;
}

// Random texts up to 400 bytes (several 64-byte blocks, every tail length),
// from runs of " 0" (both parities against the blocks), other numbers and
// breaks, some mutated at one byte: the fast path answers exactly as the
// definition.
TEST(LooksCanonicalStatNumbersTest, AnswersAsTheDefinitionOnLongRandomTexts) {
  std::mt19937 rng(23);
  const std::string numbers[] = {" 0",        " 0", " 0", " 0", " 0", " 7", " 10", " 12345",
                                 " 999999999", " 1234567890123456789"};
  const std::string breaks[] = {"0", "999999999", " ", "x", "00", "\t", " 01", "99"};
  const char mutations[] = {' ', '0', '1', '9', 'x', '/', ':', '\0'};
  int accepted = 0;
  for (int trial = 0; trial < 40000; ++trial) {
    std::string values = NumbersWithBreaks(&rng, numbers, breaks, 400, 40);
    if (!values.empty() && rng() % 4 == 0) {
      values[rng() % values.size()] = mutations[rng() % std::size(mutations)];
    }
    const bool expected = LooksCanonicalReference(values);
    accepted += expected ? 1 : 0;
    ASSERT_EQ(LooksCanonicalStatNumbers(values), expected) << "\"" << values << "\"";
  }
  EXPECT_GT(accepted, 5000) << accepted;  // both answers are exercised
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
