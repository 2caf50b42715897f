// Tests of the container /proc/meminfo on the recorded host file.
#include "lib/procview/render/meminfo.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("host-proc/" + name); }

std::string Host() { return Fixture("meminfo.txt"); }

// memory.usage_in_bytes and memory.stat totals of a v1 memory cgroup on this
// machine (a shell and a build), recorded; the limit is set per test.
MemoryReadings RecordedV1(Limit limit) {
  MemoryReadings m;
  m.limit = limit;
  m.usage = 195661824;
  m.stat.file = 45613056;
  m.stat.anon = 151048192;
  m.stat.file_mapped = 73728;
  m.stat.file_dirty = 733184;
  m.stat.inactive_anon = 151007232;
  m.stat.active_anon = 24576;
  m.stat.inactive_file = 5783552;
  m.stat.active_file = 39829504;
  return m;
}

// Renders and parses back into key -> value.
std::map<std::string, uint64_t> Render(const MemoryReadings& memory, SwapView swap = {}) {
  absl::StatusOr<std::string> text = RenderMeminfo(Host(), memory, swap);
  EXPECT_TRUE(text.ok()) << text.status();
  absl::StatusOr<Meminfo> parsed = ParseMeminfo(text.ok() ? *text : "");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  std::map<std::string, uint64_t> out;
  if (parsed.ok()) {
    for (const MeminfoLine& line : parsed->lines) out[std::string(line.key)] = line.value;
  }
  return out;
}

TEST(MeminfoRender, MemTotalIsTheLimit) {
  auto v = Render(RecordedV1(1ull << 30));
  EXPECT_EQ(v["MemTotal"], 1048576u);
  EXPECT_EQ(v["MemFree"], 1048576u - 195661824u / 1024);
}

TEST(MeminfoRender, CapsMemTotalAtHostRam) {
  EXPECT_EQ(Render(RecordedV1(1ull << 40))["MemTotal"], 24683620u);
  EXPECT_EQ(Render(RecordedV1(std::nullopt))["MemTotal"], 24683620u);
}

TEST(MeminfoRender, MemTotalIsNeverZero) {
  EXPECT_EQ(Render(RecordedV1(0))["MemTotal"], 24683620u);
  EXPECT_EQ(Render(RecordedV1(1000))["MemTotal"], 24683620u);
}

TEST(MeminfoRender, KeepsHostLinesInOrderAndUnknownOnesUnchanged) {
  absl::StatusOr<std::string> text = RenderMeminfo(Host(), RecordedV1(1ull << 30), {});
  ASSERT_TRUE(text.ok()) << text.status();
  const std::string host = Fixture("meminfo.txt");
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'),
            std::count(host.begin(), host.end(), '\n'));
  EXPECT_NE(text->find("VmallocTotal:   34359738367 kB\n"), std::string::npos);
  EXPECT_NE(text->find("HugePages_Total:       0\n"), std::string::npos);
  EXPECT_NE(text->find("Hugepagesize:       2048 kB\n"), std::string::npos);
  EXPECT_NE(text->find("MemTotal:        1048576 kB\n"), std::string::npos) << *text;
  EXPECT_LT(text->find("MemTotal:"), text->find("DirectMap2M:"));
}

TEST(MeminfoRender, ValuesComeFromMemoryStat) {
  auto v = Render(RecordedV1(1ull << 30));
  EXPECT_EQ(v["Cached"], 45613056u / 1024);
  EXPECT_EQ(v["Buffers"], 0u);
  EXPECT_EQ(v["AnonPages"], 151048192u / 1024);
  EXPECT_EQ(v["Mapped"], 72u);
  EXPECT_EQ(v["Dirty"], 716u);
  EXPECT_EQ(v["Active(anon)"], 24u);
  EXPECT_EQ(v["Inactive(file)"], 5648u);
}

TEST(MeminfoRender, SumsAddUp) {
  MemoryReadings m = RecordedV1(1ull << 30);
  m.stat.slab_reclaimable = 3 << 20;
  m.stat.slab_unreclaimable = 1 << 20;
  auto v = Render(m);
  EXPECT_EQ(v["Active"], v["Active(anon)"] + v["Active(file)"]);
  EXPECT_EQ(v["Inactive"], v["Inactive(anon)"] + v["Inactive(file)"]);
  EXPECT_EQ(v["Slab"], v["SReclaimable"] + v["SUnreclaim"]);
  EXPECT_EQ(v["Slab"], 4096u);
  EXPECT_EQ(v["KReclaimable"], v["SReclaimable"]);
}

TEST(MeminfoRender, AvailableIsFreePlusReclaimableCacheButNeverShmem) {
  MemoryReadings m = RecordedV1(1ull << 30);
  auto plain = Render(m);
  EXPECT_EQ(plain["MemAvailable"], plain["MemFree"] + 45613056u / 1024);
  m.stat.shmem = 40 << 20;  // tmpfs pages inside the file count
  auto shm = Render(m);
  EXPECT_EQ(shm["Shmem"], 40u * 1024u);
  EXPECT_EQ(shm["MemAvailable"], shm["MemFree"] + 45613056u / 1024 - 40u * 1024u);
}

TEST(MeminfoRender, NothingExceedsMemTotal) {
  // A 64 MiB limit below the recorded usage and page cache.
  auto v = Render(RecordedV1(64ull << 20));
  const uint64_t total = v["MemTotal"];
  EXPECT_EQ(total, 65536u);
  EXPECT_EQ(v["MemFree"], 0u);
  for (const auto& [key, value] : v) {
    if (key == "VmallocTotal" || key == "VmallocUsed" || key == "VmallocChunk" ||
        key == "Committed_AS") {
      continue;
    }
    EXPECT_LE(value, total) << key;
  }
  EXPECT_EQ(v["Active"], v["Active(anon)"] + v["Active(file)"]);
  EXPECT_EQ(v["Inactive"], v["Inactive(anon)"] + v["Inactive(file)"]);
  EXPECT_LE(v["MemAvailable"], total);
}

TEST(MeminfoRender, SwapLinesAreTheContainersSwap) {
  auto v = Render(RecordedV1(1ull << 30), SwapView{1048576, 1048576 + 0});
  EXPECT_EQ(v["SwapTotal"], 1048576u);
  EXPECT_EQ(v["SwapFree"], 0u);
  EXPECT_EQ(v["SwapCached"], 0u);
  auto none = Render(RecordedV1(1ull << 30), SwapView{});
  EXPECT_EQ(none["SwapTotal"], 0u);
  EXPECT_EQ(none["SwapFree"], 0u);
}

TEST(MeminfoRender, SwapFreeNeverUnderflowsWithHugeUsage) {
  MemoryReadings m = RecordedV1(1ull << 30);
  m.swap_accounting = true;
  m.memsw_limit = 2ull << 30;
  m.swap_usage = 100ull << 30;  // far above any size
  auto v = Render(m, ContainerSwap(m, 1 << 20, 60, true));
  EXPECT_EQ(v["SwapTotal"], 1u << 20);
  EXPECT_EQ(v["SwapFree"], 0u);
}

// A swap that follows the host's SwapTotal (what a read renders with)
// takes it from the SwapTotal line, or, when SwapFree or CommitLimit come
// first, from the SwapTotal line after them; a host without one has none.
TEST(MeminfoRender, SwapFollowsTheHostsSwapTotalWhereverItIs) {
  MemoryReadings m = RecordedV1(1ull << 30);
  m.swap_accounting = true;
  m.memsw_limit = 3ull << 30;
  m.swap_usage = 1 << 20;
  const MeminfoSwap swap(/*host_swappiness=*/60, /*report=*/true);
  for (const std::string host :
       {"MemTotal: 4194304 kB\nSwapTotal: 2097152 kB\nSwapFree: 7 kB\nCommitLimit: 9999999 kB\n",
        "MemTotal: 4194304 kB\nCommitLimit: 9999999 kB\nSwapFree: 7 kB\nSwapTotal: 2097152 kB\n"}) {
    absl::StatusOr<std::string> text = RenderMeminfo(host, m, swap);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Meminfo> out = ParseMeminfo(*text);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(out->Value(MeminfoKey::kSwapTotal), 2097152u) << host;  // the host's, under memsw
    EXPECT_EQ(out->Value(MeminfoKey::kSwapFree), 2097152u - 1024) << host;
    EXPECT_EQ(out->Value(MeminfoKey::kCommitLimit), 1048576u + 2097152) << host;
  }
  absl::StatusOr<std::string> none =
      RenderMeminfo("MemTotal: 4194304 kB\nSwapFree: 7 kB\n", m, swap);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(ParseMeminfo(*none)->Value(MeminfoKey::kSwapFree), 0u);
  EXPECT_TRUE(absl::IsInvalidArgument(
      RenderMeminfo("MemTotal: 4194304 kB\nSwapFree: 7 kB\nSwapTotal: x kB\n", m, swap).status()));
}

TEST(MeminfoRender, CommitLimitFitsRamPlusSwap) {
  auto v = Render(RecordedV1(1ull << 30), SwapView{1024, 0});
  EXPECT_EQ(v["CommitLimit"], 1048576u + 1024u);
}

TEST(MeminfoRender, HostWithoutMemTotalIsAnError) {
  EXPECT_EQ(RenderMeminfo("MemFree: 5 kB\n", RecordedV1(1 << 30), {}).status(),
            absl::InvalidArgumentError("host meminfo has no MemTotal"));
  EXPECT_EQ(RenderMeminfo("MemTotal: 0 kB\n", RecordedV1(1 << 30), {}).status(),
            absl::InvalidArgumentError("host meminfo has no MemTotal"));
  // A malformed line is reported as the parser reports it, first.
  EXPECT_EQ(RenderMeminfo("MemFree 5 kB\n", RecordedV1(1 << 30), {}).status(),
            ParseMeminfo("MemFree 5 kB\n").status());
  EXPECT_EQ(RenderMeminfo("MemTotal: x kB\n", RecordedV1(1 << 30), {}).status(),
            ParseMeminfo("MemTotal: x kB\n").status());
}

// The host file is read once, as ParseMeminfo reads it: a malformed line or
// a known key repeating anywhere is the parser's error.
TEST(MeminfoRender, MalformedHostLinesAreTheParsersErrors) {
  const std::string host = Host();
  for (const std::string& bad : std::vector<std::string>{
           host + "Broken line\n", host + "Odd: 5 MB\n", host + "Cached: 1 kB\n",
        "MemTotal: 5 kB\nSwapTotal: 1 kB\nSwapTotal: 1 kB\n", host.substr(0, host.size() - 12)}) {
    const absl::Status parsed = ParseMeminfo(bad).status();
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(RenderMeminfo(bad, RecordedV1(1 << 30), {}).status(), parsed) << bad;
  }
}

// The host's text edited in place must match writing every line afresh:
// each line the host's bytes when its value is kept, else the kernel's
// format of the new value. Checked against that on hosts of other forms.
std::string Expected(const std::string& host, const std::string& rendered) {
  absl::StatusOr<Meminfo> in = ParseMeminfo(host);
  absl::StatusOr<Meminfo> out = ParseMeminfo(rendered);
  EXPECT_TRUE(in.ok() && out.ok());
  if (!in.ok() || !out.ok() || in->lines.size() != out->lines.size()) return "(lines differ)";
  std::string expected;
  for (size_t i = 0; i < in->lines.size(); ++i) {
    const MeminfoLine& line = in->lines[i];
    const uint64_t value = out->lines[i].value;
    expected += value == line.value ? std::string(line.raw)
                                    : FormatMeminfoLine(line.key, value, line.kb);
    expected += '\n';
  }
  return expected;
}

TEST(MeminfoRender, EditsOnlyChangedLinesWhateverTheirForm) {
  const std::string kernel = Host();
  for (const std::string& host : std::vector<std::string>{
           kernel,
        // Empty lines, no final newline, odd blanks, short and long keys.
        "MemTotal:  50000000 kB\n\nMemFree: 4 kB\n\n\nCached:\t900000 kB \nX: 7 kB",
        "LongKeyNameOverSixteen:  99999999 kB\nMemTotal:       24683620 kB\n"
        "Buffers:        123456789 kB\nDirectMap1G:    1234567890 kB\nHugePages_Total:   5\n",
        // Values wider than the field on a big host, and a count line last.
        "MemTotal:       123456789 kB\nMemFree:        100000000 kB\nActive:     1 kB\n"
        "Inactive:       00000007 kB\nHugePages_Free:        0",
        // Host values about MemTotal in every digit count, leading zeros
        // included: capped (by their fields) exactly when over it.
        "MemTotal:         262144 kB\nMlocked:           99999 kB\nZswap:            262144 kB\n"
        "Zswapped:         262145 kB\nBounce:          1000000 kB\nPercpu:         00000012 kB\n"
        "Balloon:        09999999 kB\nCommitLimit:    99999999 kB\nHugePages_Rsvd: 99999999\n"
        "Shmem:          00000000 kB\nDirty:                 0 kB\n",
        "MemTotal:       123456789 kB\nMlocked:        99999999 kB\n"
        "Bounce:         00000001 kB\n"}) {
    for (Limit limit : {Limit(64ull << 20), Limit(1ull << 30), Limit(200ull << 30), Limit()}) {
      MemoryReadings m = RecordedV1(limit);
      m.usage = 1 << 20;
      absl::StatusOr<std::string> text = RenderMeminfo(host, m, SwapView{2048, 1024});
      ASSERT_TRUE(text.ok()) << text.status() << host;
      EXPECT_EQ(*text, Expected(host, *text)) << host;
    }
  }
}

// Host values are capped by comparing their fields with MemTotal's: the
// same result as comparing numbers, for every digit count; a field with
// leading zeros keeps its bytes unless its value changes.
TEST(MeminfoRender, CapsHostValuesAtMemTotalWhateverTheirDigits) {
  const std::string host =
      "MemTotal:         262144 kB\nMlocked:           99999 kB\nZswap:            262144 kB\n"
      "Zswapped:         262145 kB\nBounce:          1000000 kB\nPercpu:         00000012 kB\n"
      "Balloon:        09999999 kB\nCommitLimit:    99999999 kB\nHugePages_Rsvd: 99999999\n"
      "Shmem:          00000000 kB\nDirty:                 0 kB\n";
  absl::StatusOr<std::string> text = RenderMeminfo(host, RecordedV1(1ull << 30), {});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "MemTotal:         262144 kB\nMlocked:           99999 kB\n"
            "Zswap:            262144 kB\nZswapped:         262144 kB\n"
            "Bounce:           262144 kB\nPercpu:         00000012 kB\n"
            "Balloon:          262144 kB\nCommitLimit:      262144 kB\n"
            "HugePages_Rsvd: 99999999\nShmem:          00000000 kB\n"
            "Dirty:               716 kB\n");
}

// The recorded host file with a few bytes changed: rendered exactly when it
// parses, and then as writing every line afresh would.
TEST(MeminfoRender, MutatedHostFilesRenderAsTheyParse) {
  std::mt19937_64 random(11);
  const char bytes[] = {' ', ':', '\n', '\t', '0', '9', 'k', 'x', '\x1a'};
  const std::string recorded = Host();
  for (int round = 0; round < 3000; ++round) {
    std::string host = recorded;
    for (int m = 1 + static_cast<int>(random() % 3); m > 0; --m) {
      host[random() % host.size()] = bytes[random() % sizeof(bytes)];
    }
    absl::StatusOr<std::string> text = RenderMeminfo(host, RecordedV1(1ull << 30), {});
    absl::StatusOr<Meminfo> parsed = ParseMeminfo(host);
    const bool has_total = parsed.ok() && parsed->Value(MeminfoKey::kMemTotal).value_or(0) != 0;
    ASSERT_EQ(text.ok(), has_total) << host << text.status();
    if (!text.ok()) {
      if (!parsed.ok()) {
        EXPECT_EQ(text.status(), parsed.status());
      }
      continue;
    }
    EXPECT_EQ(*text, Expected(host, *text)) << host;
  }
}

}  // namespace
}  // namespace procview
