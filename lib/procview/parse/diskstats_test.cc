// Tests of the /proc/diskstats parser on recorded and generated host files.
#include "lib/procview/parse/diskstats.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("diskstats/" + name); }

TEST(DiskstatsParse, ReadsRecordedKernel6File) {
  absl::StatusOr<Diskstats> stats = ParseDiskstats(Fixture("host_vda.txt"));
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->counter_count, 17u);
  ASSERT_EQ(stats->devices.size(), 10u);
  const DiskstatsLine& vda = stats->devices[8];
  EXPECT_EQ(vda.name, "vda");
  EXPECT_EQ(vda.major, 254u);
  EXPECT_EQ(vda.minor, 0u);
  EXPECT_GT(vda.counters[kDiskReads], 0u);
  EXPECT_GT(vda.counters[kDiskSectorsRead], vda.counters[kDiskReads]);
  EXPECT_EQ(stats->devices[0].name, "loop0");
}

TEST(DiskstatsParse, ReadsAllThreeKernelFormats) {
  const std::pair<const char*, size_t> formats[] = {{"many_devices_14fields.txt", 11},
                                                    {"many_devices_18fields.txt", 15},
                                                    {"many_devices_20fields.txt", 17}};
  for (const auto& [file, count] : formats) {
    absl::StatusOr<Diskstats> stats = ParseDiskstats(Fixture(file));
    ASSERT_TRUE(stats.ok()) << file << ": " << stats.status();
    EXPECT_EQ(stats->counter_count, count) << file;
    EXPECT_EQ(stats->devices.size(), 96u) << file;  // 8 loop, 48 nvme, 32 sd, 8 dm
    EXPECT_EQ(stats->devices[8].name, "nvme0n1");
    EXPECT_EQ(stats->devices[8].major, 259u);
    // Counters past the kernel's count stay 0.
    for (const DiskstatsLine& d : stats->devices) {
      for (size_t i = count; i < kDiskCounterCount; ++i) ASSERT_EQ(d.counters[i], 0u) << d.name;
    }
  }
}

TEST(DiskstatsParse, EmptyFileIsAHostWithoutDisks) {
  absl::StatusOr<Diskstats> stats = ParseDiskstats("");
  ASSERT_TRUE(stats.ok());
  EXPECT_TRUE(stats->devices.empty());
}

TEST(DiskstatsParse, ReadsCountersUpTo64Bits) {
  absl::StatusOr<Diskstats> stats = ParseDiskstats(
      "   8       0 sda 18446744073709551615 2 3 4 5 6 7 8 9 10 00000000000000000000011\n");
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->devices.size(), 1u);
  EXPECT_EQ(stats->devices[0].counters[kDiskReads], 18446744073709551615u);
  EXPECT_EQ(stats->devices[0].counters[kDiskWeightedIoMs], 11u);
  EXPECT_EQ(stats->counter_count, 11u);
}

TEST(DiskstatsParse, RejectsMalformedText) {
  const char* bad[] = {
      "   8       0 sda\n",                             // no counters
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10\n",        // 10 counters
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12\n",  // 12 counters
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 x\n",      // not a number
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 -1\n",     // negative
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 1x\n",     // not a number
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 18446744073709551616\n",  // 2^64
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",  // 18 counters
      "   8 4294967296 sda 1 2 3 4 5 6 7 8 9 10 11\n",  // minor over 32 bits
      "   8\n",                                          // no minor
      "   x       0 sda 1 2 3 4 5 6 7 8 9 10 11\n",     // bad major
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n"
      "   8       0 sdb 1 2 3 4 5 6 7 8 9 10 11\n",  // repeated dev
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n"
      "   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",  // mixed formats
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseDiskstats(text).ok()) << "accepted: " << text;
  }
}

TEST(DiskstatsParse, WantedParsesOnlyTheLinesOfWantedDevices) {
  auto sdb_only = [](uint32_t major, uint32_t minor) { return major == 8 && minor == 16; };
  absl::StatusOr<Diskstats> stats = ParseDiskstats(
      "   8       0 sda 1 2 x\n"  // not parsed beyond 8:0
      "   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11\n",
      sdb_only);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->devices.size(), 1u);
  EXPECT_EQ(stats->devices[0].name, "sdb");
  EXPECT_EQ(stats->counter_count, 11u);
  EXPECT_FALSE(ParseDiskstats("   x       0 sda 1\n", sdb_only).ok());  // bad major:minor
  EXPECT_FALSE(ParseDiskstats("   8      16 sdb 1 2\n", sdb_only).ok());
}

}  // namespace
}  // namespace procview
