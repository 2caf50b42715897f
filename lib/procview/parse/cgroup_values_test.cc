// cgroup_values_test.cc: cgroup file parsers on text recorded from this
// machine's cgroup v1 hierarchies and on the kernel's documented v2 formats.
#include "lib/procview/parse/cgroup_values.h"

#include <gtest/gtest.h>

#include <random>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace {

TEST(ParseV1Limit, HugeValueIsNoLimit) {
  EXPECT_EQ(*ParseV1Limit("9223372036854771712\n"), std::nullopt);
  EXPECT_EQ(*ParseV1Limit("536870912\n"), Limit(536870912));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseV1Limit("-1\n").status()));
}

TEST(ParseV2Limit, MaxIsNoLimit) {
  EXPECT_EQ(*ParseV2Limit("max\n"), std::nullopt);
  EXPECT_EQ(*ParseV2Limit("268435456\n"), Limit(268435456));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseV2Limit("maximum\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseV2Limit("").status()));
}

TEST(ParseCpuMax, ReadsQuotaInCpus) {
  EXPECT_EQ(*ParseCpuMax("max 100000\n"), std::nullopt);
  EXPECT_DOUBLE_EQ(**ParseCpuMax("50000 100000\n"), 0.5);
  EXPECT_DOUBLE_EQ(**ParseCpuMax("150000 100000\n"), 1.5);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuMax("50000 0\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuMax("50000\n").status()));
  // Found by fuzzing: a zero quota (the kernel's minimum is 1 ms) is damage.
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuMax("0 345\n").status()));
}

TEST(ParseCfsQuota, MinusOneIsNoQuota) {
  EXPECT_EQ(*ParseCfsQuota("-1\n", "100000\n"), std::nullopt);
  EXPECT_DOUBLE_EQ(**ParseCfsQuota("50000\n", "100000\n"), 0.5);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCfsQuota("-2\n", "100000\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCfsQuota("0\n", "100000\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCfsQuota("1000\n", "x\n").status()));
}

TEST(ParseFlatKeyed, RejectsLinesThatAreNotKeyValue) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseFlatKeyed("anon 1\nfile\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseFlatKeyed("anon -1\n").status()));
  EXPECT_EQ(ParseFlatKeyed("a 1\nb 2\n")->at("b"), 2u);
}

TEST(ParseCpuacctUsageAll, ReadsPerCpuUserAndSystem) {
  // Recorded: the busy process ran on cpu 1 only (its cpuset).
  absl::StatusOr<CpuTimes> t =
      ParseCpuacctUsageAll("cpu user system\n0 0 0\n1 648000000 336000000\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[1].cpu, 1);
  EXPECT_EQ((*t)[1].user_ns, 648000000u);
  EXPECT_EQ((*t)[1].system_ns, 336000000u);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuacctUsageAll("0 0 0\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuacctUsageAll("cpu user system\n0 0\n").status()));
  CpuTimes into = {{7, 1, 1}};  // replaced
  ASSERT_TRUE(ParseCpuacctUsageAllInto("cpu user system\n3 5 6\n", &into).ok());
  ASSERT_EQ(into.size(), 1u);
  EXPECT_EQ(into[0].cpu, 3);
  EXPECT_EQ(into[0].system_ns, 6u);
}

TEST(ParseCpuacctStat, ConvertsTicksToNanoseconds) {
  absl::StatusOr<CpuTotals> t = ParseCpuacctStat("user 60\nsystem 31\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->user_ns, 600'000'000u);
  EXPECT_EQ(t->system_ns, 310'000'000u);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseCpuacctStat("user 60\n").status()));
}

TEST(ParseCpuStatV2, ConvertsMicrosecondsToNanoseconds) {
  absl::StatusOr<CpuTotals> t = ParseCpuStatV2(
      "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\nnr_periods 10\n"
      "nr_throttled 2\nthrottled_usec 3000\nnr_bursts 0\nburst_usec 0\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->user_ns, 1'000'000'000u);
  EXPECT_EQ(t->system_ns, 500'000'000u);
}

TEST(ParseIoStat, ReadsEveryDeviceAndIgnoresUnknownKeys) {
  absl::StatusOr<std::vector<IoDeviceStats>> io = ParseIoStat(
      "254:0 rbytes=8396800 wbytes=41951232 rios=2050 wios=10241 dbytes=0 dios=0\n"
      "8:16 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=512 dios=1 cost.vrate=135.00\n");
  ASSERT_TRUE(io.ok()) << io.status();
  ASSERT_EQ(io->size(), 2u);
  EXPECT_EQ((*io)[0].major, 254u);
  EXPECT_EQ((*io)[0].write_bytes, 41951232u);
  EXPECT_EQ((*io)[0].write_ios, 10241u);
  EXPECT_EQ((*io)[1].minor, 16u);
  EXPECT_EQ((*io)[1].discard_bytes, 512u);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseIoStat("sda rbytes=1\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseIoStat("8:0 rbytes\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseIoStat("  \n").status()));
  EXPECT_TRUE(ParseIoStat("")->empty());
  absl::StatusOr<std::vector<IoDeviceStats>> blanks = ParseIoStat("\n8:0  rbytes=5  dios=2 \n");
  ASSERT_TRUE(blanks.ok()) << blanks.status();
  ASSERT_EQ(blanks->size(), 1u);
  EXPECT_EQ((*blanks)[0].read_bytes, 5u);
  EXPECT_EQ((*blanks)[0].discard_ios, 2u);
}

// One blkio file parsed alone into fresh stats.
absl::StatusOr<std::vector<IoDeviceStats>> Blkio(std::string_view text,
                                                 const BlkioColumns& columns = kBlkioBytes) {
  std::vector<IoDeviceStats> devices;
  absl::Status status = ParseBlkio(text, columns, &devices);
  if (!status.ok()) return status;
  return devices;
}

TEST(ParseBlkio, ReadsReadWriteDiscardAndSkipsTotals) {
  // Recorded blkio.throttle.io_service_bytes_recursive.
  absl::StatusOr<std::vector<IoDeviceStats>> d = Blkio(
      "254:0 Read 8396800\n254:0 Write 41951232\n254:0 Sync 50348032\n254:0 Async 0\n"
      "254:0 Discard 7\n254:0 Total 50348032\nTotal 50348032\n");
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].major, 254u);
  EXPECT_EQ((*d)[0].minor, 0u);
  EXPECT_EQ((*d)[0].read_bytes, 8396800u);
  EXPECT_EQ((*d)[0].write_bytes, 41951232u);
  EXPECT_EQ((*d)[0].discard_bytes, 7u);
  EXPECT_EQ((*d)[0].read_ios, 0u);
  EXPECT_TRUE(Blkio("Total 0\n")->empty());
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("254:0 Read\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("254:0 Read 1 2\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("254 Read 1\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("254:0 Read 1\n8 Write 1\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("Sum 1\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Blkio("Total x\n").status()));
  // Values of lines it does not read are not checked.
  EXPECT_TRUE(Blkio("254:0 Sync x\n").ok());
}

// ParseBlkio's documented rules, written simply: lines split at blanks.
bool ReferenceU32(absl::string_view s, uint32_t* out) {
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  if (s.empty() || !absl::SimpleAtoi(s, &v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}
absl::StatusOr<std::vector<IoDeviceStats>> ReferenceBlkio(std::string_view text,
                                                          const BlkioColumns& columns) {
  std::vector<IoDeviceStats> out;
  const absl::Status bad = absl::InvalidArgumentError("bad");
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    if (line.empty()) continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::MaxSplits(' ', 1));
    if (f.size() < 2) return bad;
    if (f[0] == "Total") {
      if (f[1].empty() || f[1].find_first_not_of("0123456789") != absl::string_view::npos) {
        return bad;
      }
      continue;
    }
    std::vector<absl::string_view> id = absl::StrSplit(f[0], absl::MaxSplits(':', 1));
    uint32_t major = 0;
    uint32_t minor = 0;
    if (id.size() < 2 || !ReferenceU32(id[0], &major) || !ReferenceU32(id[1], &minor)) return bad;
    std::vector<absl::string_view> op = absl::StrSplit(f[1], absl::MaxSplits(' ', 1));
    if (op.size() < 2 || op[0].empty()) return bad;
    IoDeviceStats* d = nullptr;
    for (IoDeviceStats& e : out) {
      if (e.major == major && e.minor == minor) d = &e;
    }
    if (d == nullptr) {
      d = &out.emplace_back();
      d->major = major;
      d->minor = minor;
    }
    uint64_t IoDeviceStats::*field = op[0] == "Read"      ? columns.read
                                     : op[0] == "Write"   ? columns.write
                                     : op[0] == "Discard" ? columns.discard
                                                          : nullptr;
    if (field == nullptr) continue;
    if (op[1].empty() || op[1].find_first_not_of("0123456789") != absl::string_view::npos ||
        !absl::SimpleAtoi(op[1], &(d->*field))) {
      return bad;
    }
  }
  return out;
}

TEST(ParseBlkio, AgreesWithASimpleSplitOnRandomTexts) {
  const char* const pieces[] = {"8",    "254",   ":",     "0",     " ",        "  ",
                                "\n",   "Read",  "Write", "Sync",  "Discard",  "Total",
                                "123",  "x",     "Tot",   "4294967296", "99999999999999999999",
                                "Read 5\n", "8:0 ", "00000000000000000000001"};
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int n = 1 + static_cast<int>(random() % 16);
    for (int j = 0; j < n; ++j) text += pieces[random() % (sizeof(pieces) / sizeof(pieces[0]))];
    for (const BlkioColumns* columns : {&kBlkioBytes, &kBlkioTime}) {
      absl::StatusOr<std::vector<IoDeviceStats>> got = Blkio(text, *columns);
      absl::StatusOr<std::vector<IoDeviceStats>> want = ReferenceBlkio(text, *columns);
      ASSERT_EQ(got.ok(), want.ok()) << "\"" << text << "\": " << got.status();
      if (!got.ok()) continue;
      ASSERT_EQ(got->size(), want->size()) << text;
      for (size_t k = 0; k < got->size(); ++k) {
        const IoDeviceStats& a = (*got)[k];
        const IoDeviceStats& b = (*want)[k];
        ASSERT_TRUE(a.major == b.major && a.minor == b.minor && a.read_bytes == b.read_bytes &&
                    a.write_bytes == b.write_bytes && a.discard_bytes == b.discard_bytes &&
                    a.read_time_ns == b.read_time_ns && a.write_time_ns == b.write_time_ns)
            << text;
      }
    }
  }
}

TEST(ParseBlkio, KeepsDevicesApartWhateverTheirOrder) {
  absl::StatusOr<std::vector<IoDeviceStats>> d =
      Blkio("8:0 Read 1\n254:0 Read 2\n8:0 Write 3\n254:0 Discard 4\nTotal 10\n");
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[0].major, 8u);
  EXPECT_EQ((*d)[0].read_bytes, 1u);
  EXPECT_EQ((*d)[0].write_bytes, 3u);
  EXPECT_EQ((*d)[1].major, 254u);
  EXPECT_EQ((*d)[1].read_bytes, 2u);
  EXPECT_EQ((*d)[1].discard_bytes, 4u);
}

TEST(ParseBlkio, CombinesFilesPerDevice) {
  std::vector<IoDeviceStats> d;
  ASSERT_TRUE(ParseBlkio("254:0 Read 4096\n254:0 Write 8192\n8:0 Read 512\nTotal 12800\n",
                         kBlkioBytes, &d)
                  .ok());
  ASSERT_TRUE(ParseBlkio("254:0 Read 1\n254:0 Write 2\n254:0 Discard 3\n", kBlkioIos, &d).ok());
  // merged and time have no Discard column: a Discard line is ignored.
  ASSERT_TRUE(ParseBlkio("254:0 Read 100\n254:0 Write 200\n254:0 Discard 9\n7:1 Read 5\n",
                         kBlkioTime, &d)
                  .ok());
  ASSERT_EQ(d.size(), 3u);  // in the order the devices first appear
  EXPECT_EQ(d[0].major, 254u);
  EXPECT_EQ(d[0].write_bytes, 8192u);
  EXPECT_EQ(d[0].write_ios, 2u);
  EXPECT_EQ(d[0].discard_ios, 3u);
  EXPECT_EQ(d[0].write_time_ns, 200u);
  EXPECT_EQ(d[0].discard_bytes, 0u);
  EXPECT_EQ(d[1].major, 8u);
  EXPECT_EQ(d[1].read_bytes, 512u);
  EXPECT_EQ(d[1].read_ios, 0u);
  EXPECT_EQ(d[2].minor, 1u);
  EXPECT_EQ(d[2].read_time_ns, 5u);
}

}  // namespace
}  // namespace procview
