// Tests of the /proc/meminfo parser on the recorded host file.
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/parse/meminfo_layout.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <optional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("host-proc/" + name); }

TEST(MeminfoParse, ReadsRecordedHostFileInOrder) {
  absl::StatusOr<Meminfo> m = ParseMeminfo(Fixture("meminfo.txt"));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_GT(m->lines.size(), 40u);
  EXPECT_EQ(m->lines[0].key, "MemTotal");
  EXPECT_EQ(m->lines[1].key, "MemFree");
  EXPECT_EQ(m->Value("MemTotal"), 24683620u);
  EXPECT_EQ(m->Value("Active(anon)"), 1588u);
  EXPECT_EQ(m->Value("VmallocTotal"), 34359738367u);
  EXPECT_FALSE(m->Value("NoSuchKey").has_value());
}

TEST(MeminfoParse, CountLinesHaveNoUnit) {
  absl::StatusOr<Meminfo> m = ParseMeminfo(Fixture("meminfo.txt"));
  ASSERT_TRUE(m.ok()) << m.status();
  for (const MeminfoLine& line : m->lines) {
    EXPECT_EQ(line.kb, line.key.rfind("HugePages_", 0) != 0) << line.key;
  }
}

TEST(MeminfoParse, KernelFormatReproducesEveryRecordedLine) {
  absl::StatusOr<Meminfo> m = ParseMeminfo(Fixture("meminfo.txt"));
  ASSERT_TRUE(m.ok()) << m.status();
  for (const MeminfoLine& line : m->lines) {
    EXPECT_EQ(FormatMeminfoLine(line.key, line.value, line.kb), line.raw);
  }
}

TEST(MeminfoParse, KeepsUnknownLines) {
  absl::StatusOr<Meminfo> m = ParseMeminfo("MemTotal: 100 kB\nFutureThing:  7 kB\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->lines.size(), 2u);
  EXPECT_EQ(m->lines[1].raw, "FutureThing:  7 kB");
  EXPECT_EQ(m->Value("FutureThing"), 7u);
}

TEST(MeminfoParse, RejectsMalformedText) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal 100 kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal: lots kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal: -1 kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal:\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo(": 5\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemFree: 1 kB\nMemFree: 2 kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal: 5kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal: 5 kB kB\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("MemTotal: 5 MB\n").status()));
}

TEST(MeminfoParse, ToleratesBlanksAroundTheValue) {
  absl::StatusOr<Meminfo> m = ParseMeminfo("MemTotal:\t 5 \t kB \r\nHugePages_Free: 3 \n");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->Value(MeminfoKey::kMemTotal), 5u);
  EXPECT_TRUE(m->lines[0].kb);
  EXPECT_EQ(m->Value("HugePages_Free"), 3u);
  EXPECT_FALSE(m->lines[1].kb);
}

TEST(MeminfoParse, RecognizesKnownKeysAndKeepsRepeatedUnknownOnes) {
  absl::StatusOr<Meminfo> m =
      ParseMeminfo("Active(file): 4 kB\nA: 1 kB\nA: 2 kB\nActive(filf): 9 kB\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->lines.size(), 4u);
  EXPECT_EQ(m->lines[0].id, MeminfoKey::kActiveFile);
  EXPECT_EQ(m->lines[1].id, MeminfoKey::kOther);
  EXPECT_EQ(m->lines[3].id, MeminfoKey::kOther);
  EXPECT_EQ(m->Value(MeminfoKey::kActiveFile), 4u);
  EXPECT_EQ(m->Value("A"), 1u);
  EXPECT_FALSE(m->Value(MeminfoKey::kMemTotal).has_value());
}

TEST(MeminfoParse, EveryKnownKeyHasItsKernelName) {
  std::string text;
  for (size_t i = 0; i < kMeminfoKeys; ++i) {
    text += std::string(MeminfoKeyName(static_cast<MeminfoKey>(i))) + ": " +
            std::to_string(i) + " kB\n";
  }
  absl::StatusOr<Meminfo> m = ParseMeminfo(text);
  ASSERT_TRUE(m.ok()) << m.status();
  for (size_t i = 0; i < kMeminfoKeys; ++i) {
    EXPECT_EQ(m->lines[i].id, static_cast<MeminfoKey>(i)) << m->lines[i].key;
    EXPECT_EQ(m->Value(static_cast<MeminfoKey>(i)), i);
  }
}

// The same in the kernel's layout (found by their padded label), next to
// lookalike keys that are none of them.
TEST(MeminfoParse, EveryKnownKeyInTheKernelLayout) {
  std::string text;
  for (size_t i = 0; i < kMeminfoKeys; ++i) {
    const std::string name(MeminfoKeyName(static_cast<MeminfoKey>(i)));
    text += FormatMeminfoLine(name, i, i % 2 == 0) + "\n";
    text += FormatMeminfoLine(name + "x", i, true) + "\n";
    text += FormatMeminfoLine(name.substr(1), i, false) + "\n";
  }
  for (std::string_view other : meminfo_internal::kOtherKernelKeys) {
    text += FormatMeminfoLine(other, 5, true) + "\n";
  }
  absl::StatusOr<Meminfo> m = ParseMeminfo(text);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->lines.size(),
            3 * kMeminfoKeys + std::size(meminfo_internal::kOtherKernelKeys));
  for (size_t i = 0; i < kMeminfoKeys; ++i) {
    EXPECT_EQ(m->lines[3 * i].id, static_cast<MeminfoKey>(i)) << m->lines[3 * i].raw;
    EXPECT_EQ(m->lines[3 * i].value, i);
    EXPECT_EQ(m->lines[3 * i].kb, i % 2 == 0);
    EXPECT_TRUE(m->lines[3 * i].spaced);
    EXPECT_EQ(m->lines[3 * i + 1].id, MeminfoKey::kOther) << m->lines[3 * i + 1].raw;
    EXPECT_EQ(m->lines[3 * i + 2].id, MeminfoKey::kOther) << m->lines[3 * i + 2].raw;
  }
  for (size_t i = 3 * kMeminfoKeys; i < m->lines.size(); ++i) {
    EXPECT_EQ(m->lines[i].id, MeminfoKey::kOther) << m->lines[i].raw;
    EXPECT_EQ(m->lines[i].value, 5u) << m->lines[i].raw;
    EXPECT_EQ(m->lines[i].key, meminfo_internal::kOtherKernelKeys[i - 3 * kMeminfoKeys]);
  }
}

TEST(MeminfoParse, FindsOneValueAsTheParserReadsIt) {
  const std::string text = Fixture("meminfo.txt");
  absl::StatusOr<Meminfo> m = ParseMeminfo(text);
  ASSERT_TRUE(m.ok()) << m.status();
  for (size_t i = 0; i < kMeminfoKeys; ++i) {
    const MeminfoKey key = static_cast<MeminfoKey>(i);
    absl::StatusOr<std::optional<uint64_t>> found = FindMeminfoValue(text, key);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(*found, m->Value(key)) << MeminfoKeyName(key);
  }
  // Only at the start of a line and before the colon.
  EXPECT_EQ(*FindMeminfoValue("XSwapTotal: 1 kB\nSwapTotals: 2 kB\nSwapTotal: 3 kB\n",
                              MeminfoKey::kSwapTotal),
            3u);
  EXPECT_EQ(*FindMeminfoValue("SwapTotal: 4", MeminfoKey::kSwapTotal), 4u);
  EXPECT_EQ(*FindMeminfoValue("MemTotal: 1 kB\n", MeminfoKey::kSwapTotal), std::nullopt);
  EXPECT_TRUE(absl::IsInvalidArgument(
      FindMeminfoValue("SwapTotal: x kB\n", MeminfoKey::kSwapTotal).status()));
}

TEST(MeminfoParse, CopiesShareTheText) {
  Meminfo copy;
  {
    absl::StatusOr<Meminfo> m = ParseMeminfo("MemTotal: 100 kB\n");
    ASSERT_TRUE(m.ok()) << m.status();
    copy = *m;
  }
  EXPECT_EQ(copy.lines[0].raw, "MemTotal: 100 kB");
}

TEST(MeminfoParse, TruncatedLastLineIsAnError) {
  const std::string text = Fixture("meminfo.txt");
  const size_t cut = text.find("Buffers:") + 12;  // "Buffers:    " with no number
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo(text.substr(0, cut)).status()));
}

// Numbers of every length, at the end of the text and before more text,
// with and without " kB": the parser takes up to eight digits at once.
TEST(MeminfoParse, NumbersOfEveryLength) {
  uint64_t value = 0;
  for (int digits = 1; digits <= 20; ++digits) {
    value = digits == 1 ? 7 : digits == 20 ? UINT64_MAX : value * 10 + digits % 10;
    const std::string number = std::to_string(value);
    const struct {
      std::string text;
      bool kb;
    } cases[] = {{"Key:    " + number, false},
                 {"Key: " + number + " kB", true},
                 {"Key: " + number + "\nNext: 1 kB\n", false},
                 {"Key:" + number + " kB\nNext: 1\n", true}};
    for (const auto& c : cases) {
      absl::StatusOr<Meminfo> m = ParseMeminfo(c.text);
      ASSERT_TRUE(m.ok()) << c.text << ": " << m.status();
      EXPECT_EQ(m->lines[0].value, value) << c.text;
      EXPECT_EQ(m->lines[0].kb, c.kb) << c.text;
    }
    EXPECT_FALSE(ParseMeminfo("Key: " + number + "x\n").ok()) << number;
  }
}

// Values wider than the kernel's 8 columns (VmallocTotal; sizes on hosts of
// 100 GiB or more) are read at once up to 19 digits, the same as others.
TEST(MeminfoParse, KernelLinesWiderThanTheField) {
  uint64_t value = 12345678;
  for (int digits = 9; digits <= 20; ++digits) {
    value = digits == 20 ? UINT64_MAX : value * 10 + digits % 10;
    for (const bool kb : {true, false}) {
      for (const std::string key : {"VmallocTotal", "MemTotal", "Unknown"}) {
        const std::string line = FormatMeminfoLine(key, value, kb);
        absl::StatusOr<Meminfo> m = ParseMeminfo(line + "\nNext: 1 kB\n");
        ASSERT_TRUE(m.ok()) << line << m.status();
        EXPECT_EQ(m->lines[0].key, key);
        EXPECT_EQ(m->lines[0].value, value) << line;
        EXPECT_EQ(m->lines[0].kb, kb) << line;
        EXPECT_EQ(m->lines[0].raw, line);
        if (digits <= 19) {  // 20 digits are checked by the general reading
          EXPECT_EQ(m->lines[0].digits, digits) << line;
          EXPECT_TRUE(m->lines[0].spaced) << line;
        }
        EXPECT_EQ(MeminfoKeyName(m->lines[0].id), key == "Unknown" ? "" : key);
      }
    }
  }
  EXPECT_FALSE(ParseMeminfo("MemTotal:       184467440737095516150 kB\n").ok());  // overflows
  EXPECT_FALSE(ParseMeminfo("MemTotal:       123456789x kB\n").ok());
}

// Keys are scanned eight bytes at a time; bytes that look like ':' to that
// scan ('*', 0x1a) are passed over.
TEST(MeminfoParse, KeysWithLookalikeBytes) {
  absl::StatusOr<Meminfo> m = ParseMeminfo("Odd*Key*Name\x1a:  5 kB\nA*: 1\nLongerKeyWithout: 2\n");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->lines.size(), 3u);
  EXPECT_EQ(m->lines[0].key, "Odd*Key*Name\x1a");
  EXPECT_EQ(m->lines[0].value, 5u);
  EXPECT_EQ(m->lines[1].key, "A*");
  EXPECT_EQ(m->lines[2].key, "LongerKeyWithout");
  EXPECT_FALSE(ParseMeminfo("No*colon*in*this*line 5 kB\nNext: 1\n").ok());
}

TEST(MeminfoFormat, NumbersOfEveryLength) {
  uint64_t value = 0;
  for (int digits = 1; digits <= 20; ++digits) {
    for (uint64_t v : {value, value + 1}) {
      std::string number = std::to_string(v);
      if (number.size() < 8) number.insert(0, 8 - number.size(), ' ');
      EXPECT_EQ(FormatMeminfoLine("MemFree", v, true), "MemFree:        " + number + " kB");
      EXPECT_EQ(FormatMeminfoLine("HugePages_Total", v, false), "HugePages_Total:" + number);
    }
    value = digits == 19 ? UINT64_MAX - 1 : value * 10 + 9;
  }
}

// A value patched into a line of the kernel's form is that line written
// afresh; lines of other forms, or values too wide for the field, are left.
TEST(MeminfoFormat, PatchedValueIsTheKernelFormat) {
  const uint64_t values[] = {0, 1, 9, 10, 99, 100, 12345, 1234567, 9999999, 10000000, 99999999,
                             100000000, 123456789012};
  for (const std::string key : {"A", "MemTotal", "HugePages_Total", "LongerKeyThanSixteen"}) {
    for (bool kb : {true, false}) {
      for (uint64_t old_value : values) {
        for (uint64_t value : values) {
          const std::string line = FormatMeminfoLine(key, old_value, kb);
          MeminfoLine parsed;
          const char* eol = nullptr;
          ASSERT_TRUE(ScanMeminfoLine(line.data(), line.data() + line.size(), &parsed, &eol).ok());
          EXPECT_TRUE(parsed.spaced) << line;
          std::string patched = line;
          const bool fits = old_value < 100000000 && value < 100000000;
          EXPECT_EQ(PatchMeminfoValue(&patched[0], parsed, value), fits) << line << " " << value;
          EXPECT_EQ(patched, fits ? FormatMeminfoLine(key, value, kb) : line)
              << line << " " << value;
        }
      }
    }
  }
  for (const char* odd : {"MemTotal:\t      5 kB", "MemTotal:  5 kB", "MemTotal:        5 kB ",
                          "MemTotal:        5 kB\r", "MemTotal:               5 kB"}) {
    const std::string line = odd;
    MeminfoLine parsed;
    const char* eol = nullptr;
    ASSERT_TRUE(ScanMeminfoLine(line.data(), line.data() + line.size(), &parsed, &eol).ok());
    std::string patched = line;
    EXPECT_FALSE(PatchMeminfoValue(&patched[0], parsed, 7)) << line;
    EXPECT_EQ(patched, line);
  }
}

// A plain reading of the format, for checking the fast paths against.
struct PlainLine {
  std::string key;
  uint64_t value = 0;
  bool kb = false;
};
bool IsBlankChar(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
std::optional<std::vector<PlainLine>> PlainParse(const std::string& text) {
  std::vector<PlainLine> out;
  std::vector<std::string> known;
  size_t start = 0;
  while (start < text.size()) {
    size_t eol = text.find('\n', start);
    if (eol == std::string::npos) eol = text.size();
    const std::string line = text.substr(start, eol - start);
    start = eol + 1;
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    PlainLine parsed;
    parsed.key = line.substr(0, colon);
    size_t i = colon + 1;
    while (i < line.size() && IsBlankChar(line[i])) ++i;
    const size_t digits = i;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
    if (i == digits) return std::nullopt;
    for (size_t d = digits; d < i; ++d) {
      const uint64_t digit = static_cast<uint64_t>(line[d] - '0');
      if (parsed.value > (UINT64_MAX - digit) / 10) return std::nullopt;  // over 64 bits
      parsed.value = parsed.value * 10 + digit;
    }
    const size_t after = i;
    while (i < line.size() && IsBlankChar(line[i])) ++i;
    if (i < line.size()) {
      if (line.compare(i, 2, "kB") != 0 || i == after || line[i - 1] != ' ') return std::nullopt;
      parsed.kb = true;
      i += 2;
      while (i < line.size() && IsBlankChar(line[i])) ++i;
      if (i < line.size()) return std::nullopt;
    }
    for (size_t id = 0; id < kMeminfoKeys; ++id) {
      if (parsed.key != MeminfoKeyName(static_cast<MeminfoKey>(id))) continue;
      for (const std::string& seen : known) {
        if (seen == parsed.key) return std::nullopt;  // a known key repeats
      }
      known.push_back(parsed.key);
    }
    out.push_back(parsed);
  }
  return out;
}

// Lines in the kernel's layout with a few bytes changed (the word-at-a-time
// scans must notice every change that matters), parsed as the plain
// reading does.
TEST(MeminfoParse, AgreesWithAPlainReadingOnMutatedKernelLines) {
  std::mt19937_64 random(7);
  const std::string keys[] = {"MemTotal", "Active(anon)", "Inactive(file)", "A", "SwapTotal",
                              "HugePages_Total", "DirectMap2M", "X:Y", "Mlocked", "Hugetlb"};
  const char bytes[] = {' ', ':', '\n', '\t', '\r', '0', '9', 'k', 'B', 'x', '*', '\x1a', '-'};
  for (int round = 0; round < 50000; ++round) {
    std::string text;
    const int lines = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < lines; ++i) {
      const uint64_t value = random() % 5 == 0 ? random() : random() % 100000000 >> (random() % 27);
      text += FormatMeminfoLine(keys[random() % std::size(keys)], value, random() % 4 != 0) + "\n";
    }
    for (int m = static_cast<int>(random() % 3); m > 0; --m) {
      text[random() % text.size()] = bytes[random() % sizeof(bytes)];
    }
    if (random() % 8 == 0) text.pop_back();  // no final newline
    const std::optional<std::vector<PlainLine>> plain = PlainParse(text);
    absl::StatusOr<Meminfo> m = ParseMeminfo(text);
    ASSERT_EQ(m.ok(), plain.has_value()) << "\"" << text << "\" " << m.status();
    if (!m.ok()) continue;
    ASSERT_EQ(m->lines.size(), plain->size()) << text;
    for (MeminfoKey key : {MeminfoKey::kMemTotal, MeminfoKey::kSwapTotal}) {
      absl::StatusOr<std::optional<uint64_t>> found = FindMeminfoValue(text, key);
      ASSERT_TRUE(found.ok()) << text << found.status();
      EXPECT_EQ(*found, m->Value(key)) << text;
    }
    for (size_t i = 0; i < plain->size(); ++i) {
      const MeminfoLine& line = m->lines[i];
      EXPECT_EQ(line.key, (*plain)[i].key) << text;
      EXPECT_EQ(line.value, (*plain)[i].value) << text;
      EXPECT_EQ(line.kb, (*plain)[i].kb) << text;
      EXPECT_EQ(MeminfoKeyName(line.id), line.id == MeminfoKey::kOther ? "" : line.key) << text;
      // A kernel-layout line patches to what the kernel would write.
      std::string patched = std::string(line.raw);
      if (PatchMeminfoValue(&patched[0], line, 12345)) {
        EXPECT_EQ(patched, FormatMeminfoLine(line.key, 12345, line.kb)) << text;
      }
    }
  }
}

}  // namespace
}  // namespace procview
