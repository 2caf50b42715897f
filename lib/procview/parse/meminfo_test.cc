// Tests of the /proc/meminfo parser on the recorded host file.
#include "lib/procview/parse/meminfo.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

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
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo("A: 1 kB\nA: 2 kB\n").status()));
}

TEST(MeminfoParse, TruncatedLastLineIsAnError) {
  const std::string text = Fixture("meminfo.txt");
  const size_t cut = text.find("Buffers:") + 12;  // "Buffers:    " with no number
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMeminfo(text.substr(0, cut)).status()));
}

}  // namespace
}  // namespace procview
