// Tests of the /proc/stat parser on recorded and generated host files.
#include "lib/procview/parse/proc_stat.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("stat/" + name); }

// /proc/stat of a 2-CPU host, trimmed (intr shortened).
constexpr char kTwoCpus[] = R"(cpu  23161 0 27781 3031190 711 0 146 175 0 0
cpu0 10813 0 13157 1517156 71 0 40 87 0 0
cpu1 12348 0 14623 1514033 639 0 106 87 0 0
intr 3327537 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
ctxt 24852879
btime 1795354606
processes 17702
procs_running 2
procs_blocked 0
softirq 696292 0 177990 4 3143 93315 0 3 286518 0 135319
)";

TEST(ProcStatParse, ReadsCpuLinesAndCounters) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(kTwoCpus);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->cpu_field_count, 10u);
  EXPECT_EQ(stat->total.v[kCpuUser], 23161u);
  EXPECT_EQ(stat->total.v[kCpuIdle], 3031190u);
  ASSERT_EQ(stat->cpus.size(), 2u);
  EXPECT_EQ(stat->cpus[1].cpu, 1);
  EXPECT_EQ(stat->cpus[1].ticks.v[kCpuIowait], 639u);
  EXPECT_EQ(stat->Value("btime"), 1795354606u);
  EXPECT_EQ(stat->Value("ctxt"), 24852879u);
  EXPECT_EQ(stat->Value("procs_running"), 2u);
  EXPECT_FALSE(stat->Value("intr").has_value());  // many values, not one
  const std::vector<StatLine> others = stat->Others();
  ASSERT_EQ(others.size(), 7u);
  EXPECT_EQ(others[0].key, "intr");
  EXPECT_EQ(others[0].values.size(), 19u);
  EXPECT_EQ(others[6].key, "softirq");
  // Kept as the kernel wrote them.
  EXPECT_EQ(stat->others(), std::string(kTwoCpus).substr(std::string(kTwoCpus).find("intr")));
  // No procs_* line before procs_from().
  EXPECT_EQ(stat->procs_from(), stat->others().find("procs_running"));
}

// The kernel's cpu lines are parsed before the line walk; a line that fails
// a check there is reported by the walk, naming it.
TEST(ProcStatParse, BadCpuLinesAreNamedByNumber) {
  const std::pair<const char*, const char*> cases[] = {
      {"cpu  1 2 3 4\ncpu0 1 2 3\n", "line 2 (\"cpu0 1 2 3\"): a cpu line has 4 to 10"},
      {"cpu  1 2 3 4\ncpu0 1 2 3 4 5\n", "line 2 (\"cpu0 1 2 3 4 5\"): cpu lines disagree"},
      {"cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n", "line 3 (\"cpu0 1 2 3 4\"): repeated cpu"},
      {"cpu  1 2 3 4\ncpu 1 2 3 4\n", "line 2 (\"cpu 1 2 3 4\"): second cpu line"},
      {"cpu0 1 2 3 4\n", "line 1 (\"cpu0 1 2 3 4\"): the cpu line must come first"},
      {"cpu  1 2 3 4\ncpu0 1 x 3 4\n", "line 2 (\"cpu0 1 x 3 4\"): a cpu line has 4 to 10"},
      {"cpu  1 2 3 4\ncpux 1 2 3 4\n", "line 2 (\"cpux 1 2 3 4\"): bad cpu number"},
  };
  for (const auto& [text, message] : cases) {
    const absl::StatusOr<ProcStat> stat = ParseProcStat(text);
    ASSERT_TRUE(absl::IsInvalidArgument(stat.status())) << text;
    EXPECT_NE(stat.status().message().find(message), absl::string_view::npos)
        << stat.status() << " for " << text;
  }
  // Blanks the kernel does not write are still read (by the line walk).
  absl::StatusOr<ProcStat> spaced =
      ParseProcStat("cpu  1 2 3 4 \ncpu0   1 2 3 4\n  cpu1 1 2 3 4\n");
  ASSERT_TRUE(spaced.ok()) << spaced.status();
  ASSERT_EQ(spaced->cpus.size(), 2u);
  EXPECT_EQ(spaced->cpus[1].ticks.v[kCpuIdle], 4u);
}

TEST(ProcStatParse, ProcsFromIsTheEndWithoutProcsLinesAndZeroWhenRespelled) {
  absl::StatusOr<ProcStat> none = ParseProcStat("cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt 5\nbtime 6\n");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->procs_from(), none->others().size());
  absl::StatusOr<ProcStat> respelled =
      ParseProcStat("cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt 05\nprocs_running 1\n");
  ASSERT_TRUE(respelled.ok()) << respelled.status();
  EXPECT_EQ(respelled->procs_from(), 0u);
}

TEST(ProcStatParse, ElapsedLeavesOutGuestTime) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(kTwoCpus);
  ASSERT_TRUE(stat.ok());
  // 10813+0+13157+1517156+71+0+40+87; guest columns are inside user already.
  EXPECT_EQ(stat->cpus[0].ticks.Elapsed(), 1541324u);
}

TEST(ProcStatParse, RecordedHostFileHasConsistentTotal) {
  absl::StatusOr<ProcStat> stat = ParseProcStat(Fixture("host_2cpu.txt"));
  ASSERT_TRUE(stat.ok()) << stat.status();
  ASSERT_EQ(stat->cpus.size(), 2u);
  // The kernel's `cpu` line is the sum of its cpuN lines (taken in one pass,
  // so it may lead by a tick or two per column).
  for (size_t f = 0; f < kCpuFieldCount; ++f) {
    uint64_t sum = stat->cpus[0].ticks.v[f] + stat->cpus[1].ticks.v[f];
    EXPECT_LE(sum, stat->total.v[f] + 2) << "column " << f;
  }
  EXPECT_TRUE(stat->Value("btime").has_value());
  EXPECT_TRUE(stat->Value("processes").has_value());
}

TEST(ProcStatParse, LargeHostsKeepEveryCpu) {
  for (int n : {64, 256}) {
    absl::StatusOr<ProcStat> stat = ParseProcStat(Fixture("host_" + std::to_string(n) + "cpu.txt"));
    ASSERT_TRUE(stat.ok()) << stat.status();
    ASSERT_EQ(stat->cpus.size(), static_cast<size_t>(n));
    EXPECT_EQ(stat->cpus.back().cpu, n - 1);
    ASSERT_NE(stat->FindCpu(n / 2), nullptr);
    EXPECT_EQ(stat->FindCpu(n), nullptr);
    uint64_t user = 0;
    for (const CpuStatLine& c : stat->cpus) user += c.ticks.v[kCpuUser];
    EXPECT_EQ(user, stat->total.v[kCpuUser]);
  }
}

TEST(ProcStatParse, KeepsOldKernelColumnCount) {
  // 2.6.24..2.6.32 kernels print 9 columns (no guest_nice).
  absl::StatusOr<ProcStat> stat =
      ParseProcStat("cpu  10 0 5 100 1 0 0 0 0\ncpu0 10 0 5 100 1 0 0 0 0\nctxt 7\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->cpu_field_count, 9u);
  EXPECT_EQ(stat->cpus[0].ticks.v[kCpuGuestNice], 0u);
}

TEST(ProcStatParse, KeepsUnknownLinesInOrder) {
  absl::StatusOr<ProcStat> stat =
      ParseProcStat("cpu  1 2 3 4\ncpu0 1 2 3 4\nfuture_counter 9 8\nctxt 5\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  const std::vector<StatLine> others = stat->Others();
  ASSERT_EQ(others.size(), 2u);
  EXPECT_EQ(others[0].key, "future_counter");
  EXPECT_EQ(others[0].values, (std::vector<uint64_t>{9, 8}));
}

TEST(ProcStatParse, SpellsOtherLinesTheKernelsWay) {
  absl::StatusOr<ProcStat> stat =
      ParseProcStat("cpu  1 2 3 4\ncpu0 1 2 3 4\n  intr  007 0 00  5 \nctxt 5\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->others(), "intr 7 0 0 5\nctxt 5\n");
  EXPECT_EQ(stat->Value("ctxt"), 5u);
  EXPECT_FALSE(stat->Value("intr").has_value());
  EXPECT_FALSE(stat->Value("btime").has_value());
  stat = ParseProcStat(
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 0 0 0 0 0 0  0 01 0\nsoftirq 0 0 0 0 0 0 0 0\n"
      "x 0 0 0 0 0 0 0 00\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->others(),
            "intr 0 0 0 0 0 0 0 1 0\nsoftirq 0 0 0 0 0 0 0 0\nx 0 0 0 0 0 0 0 0\n");
  EXPECT_EQ(stat->Others()[0].values.size(), 9u);
  // Runs of lines spelled the kernel's way, broken by a blank line and a
  // respelled one, and a last line without its newline.
  stat = ParseProcStat(
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt 5\n\nbtime 6\nprocesses 07\nprocs_running 1\n"
      "procs_blocked 2");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->others(),
            "ctxt 5\nbtime 6\nprocesses 7\nprocs_running 1\nprocs_blocked 2\n");
}

TEST(ProcStatOnlineCpus, ListsTheCpuNLinesOnly) {
  absl::StatusOr<std::vector<int>> cpus = ParseOnlineCpus(kTwoCpus);
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_EQ(*cpus, (std::vector<int>{0, 1}));
  cpus = ParseOnlineCpus(Fixture("host_256cpu.txt"));
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  ASSERT_EQ(cpus->size(), 256u);
  EXPECT_EQ(cpus->back(), 255);
  // Offline CPUs have no line; the order is the file's.
  cpus = ParseOnlineCpus("cpu  1 2 3 4\ncpu3 1 2 3 4\ncpu1 1 2 3 4\nctxt 5\n");
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_EQ(*cpus, (std::vector<int>{3, 1}));
}

TEST(ProcStatOnlineCpus, RejectsBadCpuKeys) {
  const char* bad[] = {
      "",                                          // empty
      "ctxt 5\n",                                  // no cpu line
      "cpu  1 2 3 4\n",                            // no cpuN line
      "cpu0 1 2 3 4\ncpu  1 2 3 4\n",              // cpuN before cpu
      "cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n",  // repeated cpu
      "cpu  1 2 3 4\ncpux 1 2 3 4\n",              // bad cpu number
      "cpu  1 2 3 4\ncpu-1 1 2 3 4\n",             // bad cpu number
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseOnlineCpus(text).ok()) << "accepted: " << text;
  }
}

TEST(ProcStatParse, ReadsZerosInEveryColumnSpelling) {
  absl::StatusOr<ProcStat> stat = ParseProcStat("cpu  0 00 007 0\ncpu0 0 1 00 0\n");
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_EQ(stat->total.v[kCpuIdle], 0u);
  EXPECT_EQ(stat->total.v[kCpuSystem], 7u);
  EXPECT_EQ(stat->cpus[0].ticks.v[kCpuNice], 1u);
  EXPECT_EQ(stat->cpus[0].ticks.Elapsed(), 1u);
}

TEST(ProcStatParse, RejectsMalformedText) {
  const char* bad[] = {
      "",                              // empty
      "ctxt 5\n",                      // no cpu line
      "cpu  1 2 3 4\n",                // no cpuN line
      "cpu0 1 2 3 4\ncpu  1 2 3 4\n",  // cpuN before cpu
      "cpu  1 2 3\ncpu0 1 2 3\n",      // too few columns
      "cpu  1 2 3 4 5 6 7 8 9 10 11\ncpu0 1 2 3 4 5 6 7 8 9 10 11\n",
      "cpu  1 2 3 4 5\ncpu0 1 2 3 4\n",                      // column counts differ
      "cpu  1 2 3 4\ncpu0 1 2 x 4\n",                        // not a number
      "cpu  1 2 3 4\ncpu0 1 2 -3 4\n",                       // negative
      "cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu0 1 2 3 4\n",          // repeated cpu
      "cpu  1 2 3 4\ncpux 1 2 3 4\n",                        // bad cpu number
      "cpu  1 2 3 4\ncpu-1 1 2 3 4\n",                       // bad cpu number
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt\n",                  // key without value
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt 1x\n",               // not a number
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 0 0 0x 0\n",         // not a number
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 0 0 0\t\n",          // not a number
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 0 0 0 0 0 0 0 0x\n",  // not a number
      "cpu  1 2 3 4\ncpu0 1 2 3 4\n   \n",                   // blanks only
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 1 99999999999999999999\n",  // overflow
      "cpu  1 2 3 4\ncpu0 1 2 3 4\nctxt 1\ncpu1 1 2 3 4\n",  // cpu after others
      "cpu  1 2 3 4\ncpu0 99999999999999999999 2 3 4\n",     // overflow
      "cpu  1 2 3 4\ncpu0 1 0x 3 4\n",                       // a 0, then not a number
      "cpu  1 2 3 4\ncpu0 1 2 3 0x\n",
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseProcStat(text).ok()) << "accepted: " << text;
  }
}

// The cpu lines' numbers as their definition reads them: a blank first,
// then numbers (ParseDecimal) between blanks, 4 to 10 of them.
std::optional<std::vector<uint64_t>> DefinedColumns(const std::string& values) {
  if (!values.empty() && values[0] != ' ') return std::nullopt;
  std::vector<uint64_t> out;
  size_t at = 0;
  while (true) {
    at = values.find_first_not_of(' ', at);
    if (at == std::string::npos) break;
    const size_t end = std::min(values.find(' ', at), values.size());
    uint64_t n = 0;
    if (!ParseDecimal(values.substr(at, end - at), &n)) return std::nullopt;
    out.push_back(n);
    at = end;
  }
  if (out.size() < 4 || out.size() > kCpuFieldCount) return std::nullopt;
  return out;
}

// Random cpu lines, the kernel's and otherwise, long enough for the bit
// mask steps (and past them), each followed by the kernel's other lines: a
// full parse reads exactly the definition's numbers, and a parse that only
// checks them accepts the same texts and parses the same ticks on request.
TEST(ProcStatParse, CpuColumnsMatchTheirDefinition) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> pieces = {
      " 0", " 1", " 7", " 12", " 12345678", " 123456789", " 1234567890123456",
      " 12345678901234567", " 1234567890123456789", " 12345678901234567890",
      " 18446744073709551615", " 18446744073709551616", " 123456789012345678901",
      " 007", "  5", " ", " x", "\t3", " 0x", " 9\r"};
  const std::string others =
      "intr 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\nctxt 7\nbtime 8\n";
  for (int round = 0; round < 20000; ++round) {
    std::string values;
    const size_t count = 3 + rng() % 9;
    for (size_t i = 0; i < count; ++i) {
      // Mostly well-formed numbers, now and then something else.
      const size_t pick = rng() % 100 < 90 ? rng() % 13 : rng() % pieces.size();
      values += pieces[pick];
    }
    const std::string text = "cpu " + values + "\ncpu0" + values + "\n" + others;
    const std::optional<std::vector<uint64_t>> defined = DefinedColumns(values);
    const absl::StatusOr<ProcStat> parsed = ParseProcStat(text);
    ProcStat checked;
    const absl::Status checked_ok = ParseProcStatView(text, &checked, CpuColumns::kChecked);
    ASSERT_EQ(parsed.ok(), defined.has_value()) << "\"" << values << "\": " << parsed.status();
    ASSERT_EQ(checked_ok.ok(), parsed.ok()) << "\"" << values << "\": " << checked_ok;
    if (!parsed.ok()) {
      EXPECT_EQ(checked_ok.message(), parsed.status().message());
      continue;
    }
    CpuTicks want;
    std::copy(defined->begin(), defined->end(), want.v.begin());
    EXPECT_EQ(parsed->total, want) << values;
    EXPECT_EQ(parsed->cpus[0].ticks, want) << values;
    EXPECT_EQ(checked.cpus[0].ticks, CpuTicks{}) << values;
    checked.ParseTicksOf({0});
    EXPECT_EQ(checked.cpus[0].ticks, want) << values;
    EXPECT_EQ(checked.total, CpuTicks{}) << values;
  }
}

TEST(ProcStatParse, ParsesTheTicksOfTheCpusAskedFor) {
  const std::string text = Fixture("host_64cpu.txt");
  const absl::StatusOr<ProcStat> parsed = ParseProcStat(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ProcStat checked;
  ASSERT_TRUE(ParseProcStatView(text, &checked, CpuColumns::kChecked).ok());
  EXPECT_EQ(checked.others(), parsed->others());
  ASSERT_EQ(checked.cpus.size(), 64u);
  checked.ParseTicksOf({40, 3, 63, 99, 4});  // any order; 99 has no line
  for (const CpuStatLine& line : checked.cpus) {
    const bool asked = line.cpu == 40 || line.cpu == 3 || line.cpu == 63 || line.cpu == 4;
    EXPECT_EQ(line.ticks, asked ? parsed->FindCpu(line.cpu)->ticks : CpuTicks{}) << line.cpu;
  }
  // Lines the kernel does not write are parsed byte by byte, also on request.
  const std::string odd = "cpu  1 2 3 4\n  cpu0 5 6 7 8\ncpu1   9 10 11 12 \n" + text.substr(
      text.find("intr"));
  ProcStat odd_checked;
  ASSERT_TRUE(ParseProcStatView(odd, &odd_checked, CpuColumns::kChecked).ok());
  odd_checked.ParseTicksOf({0, 1});
  EXPECT_EQ(odd_checked.cpus[0].ticks.v[kCpuIdle], 8u);
  EXPECT_EQ(odd_checked.cpus[1].ticks.v[kCpuIdle], 12u);
  // A ProcStat parsed in full is left as it is.
  ProcStat full = *parsed;
  full.ParseTicksOf({0});
  EXPECT_EQ(full.cpus[0].ticks, parsed->cpus[0].ticks);
}

}  // namespace
}  // namespace procview
