// Tests of the container /proc/diskstats on recorded and generated host files.
#include "lib/procview/render/diskstats.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("diskstats/" + name); }

Diskstats Host(const std::string& fixture) {
  absl::StatusOr<Diskstats> stats = ParseDiskstats(Fixture(fixture));
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *stats : Diskstats{};
}

// v1 blkio numbers of a cgroup that read 1 MiB and wrote 400 KiB on vda.
IoDeviceStats VdaV1() {
  IoDeviceStats s;
  s.major = 254;
  s.minor = 0;
  s.read_ios = 100;
  s.read_merged = 2;
  s.read_bytes = 1 << 20;
  s.read_time_ns = 15'500'000;
  s.write_ios = 50;
  s.write_merged = 3;
  s.write_bytes = 400 << 10;
  s.write_time_ns = 20'000'000;
  return s;
}

TEST(DiskstatsRender, MatchesGoldenForRecordedV1Container) {
  IoDeviceStats loop0;  // listed by blkio, but never used
  loop0.major = 7;
  absl::StatusOr<std::string> text = RenderDiskstats(Host("host_vda.txt"), {loop0, VdaV1()});
  ASSERT_TRUE(text.ok()) << text.status();
  // 2048 sectors read, 800 written, 15 + 20 ms busy, 17 counters as the host.
  EXPECT_EQ(*text, " 254       0 vda 100 2 2048 15 50 3 800 20 0 35 35 0 0 0 0 0 0\n");
}

TEST(DiskstatsRender, ReproducesEachKernelCounterCount) {
  const std::pair<const char*, size_t> formats[] = {{"many_devices_14fields.txt", 11},
                                                    {"many_devices_18fields.txt", 15},
                                                    {"many_devices_20fields.txt", 17}};
  IoDeviceStats sdb;
  sdb.major = 8;
  sdb.minor = 16;
  sdb.read_ios = 7;
  sdb.discard_ios = 4;
  sdb.discard_bytes = 4096;
  for (const auto& [file, count] : formats) {
    absl::StatusOr<std::string> text = RenderDiskstats(Host(file), {sdb});
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Diskstats> reparsed = ParseDiskstats(*text);
    ASSERT_TRUE(reparsed.ok()) << reparsed.status();
    EXPECT_EQ(reparsed->counter_count, count) << file;
    ASSERT_EQ(reparsed->devices.size(), 1u);
    EXPECT_EQ(reparsed->devices[0].name, "sdb");
    EXPECT_EQ(reparsed->devices[0].counters[kDiskReads], 7u);
    if (count > kDiskDiscards) {
      EXPECT_EQ(reparsed->devices[0].counters[kDiskDiscards], 4u);
      EXPECT_EQ(reparsed->devices[0].counters[kDiskSectorsDiscarded], 8u);
    }
  }
}

TEST(DiskstatsRender, KeepsHostOrderAndNamesByMajorMinor) {
  Diskstats host = Host("many_devices_20fields.txt");
  std::vector<IoDeviceStats> io;
  for (auto [major, minor] : {std::pair{253u, 3u}, {259u, 32u}, {8u, 0u}}) {
    IoDeviceStats s;
    s.major = major;
    s.minor = minor;
    s.write_ios = 1;
    io.push_back(s);
  }
  absl::StatusOr<std::string> text = RenderDiskstats(host, io);
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<Diskstats> reparsed = ParseDiskstats(*text);
  ASSERT_TRUE(reparsed.ok());
  ASSERT_EQ(reparsed->devices.size(), 3u);
  EXPECT_EQ(reparsed->devices[0].name, "nvme2n1");  // host order: nvme, sd, dm
  EXPECT_EQ(reparsed->devices[1].name, "sda");
  EXPECT_EQ(reparsed->devices[2].name, "dm-3");
}

TEST(DiskstatsRender, LeavesOutUntouchedAndUnknownDevices) {
  IoDeviceStats unknown = VdaV1();
  unknown.major = 9;  // md: not on this host
  IoDeviceStats zeros;
  zeros.major = 253;  // zram0, all zero
  absl::StatusOr<std::string> text = RenderDiskstats(Host("host_vda.txt"), {unknown, zeros});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "");
}

TEST(DiskstatsRender, BusyTimeNeverExceedsTheHostDevice) {
  Diskstats host = Host("host_vda.txt");
  IoDeviceStats s = VdaV1();
  s.read_time_ns = 1'000'000'000'000;  // far more than vda was ever busy
  absl::StatusOr<std::string> text = RenderDiskstats(host, {s});
  ASSERT_TRUE(text.ok());
  absl::StatusOr<Diskstats> reparsed = ParseDiskstats(*text);
  ASSERT_TRUE(reparsed.ok());
  const DiskstatsLine& vda = host.devices[8];
  EXPECT_EQ(reparsed->devices[0].counters[kDiskIoMs], vda.counters[kDiskIoMs]);
  EXPECT_EQ(reparsed->devices[0].counters[kDiskWeightedIoMs], vda.counters[kDiskWeightedIoMs]);
}

TEST(DiskstatsRender, AddsUpEntriesOfOneDevice) {
  absl::StatusOr<std::string> text = RenderDiskstats(Host("host_vda.txt"), {VdaV1(), VdaV1()});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, " 254       0 vda 200 4 4096 31 100 6 1600 40 0 71 71 0 0 0 0 0 0\n");
}

TEST(DiskstatsRender, RejectsInconsistentHost) {
  Diskstats host = Host("host_vda.txt");
  host.counter_count = 10;
  EXPECT_EQ(RenderDiskstats(host, {VdaV1()}).status().code(), absl::StatusCode::kInvalidArgument);
}

// RenderDiskstats from the text, and from ParseDiskstats' lines of the
// devices in `io`: the same text, or the same error.
void ExpectOnePassAgrees(const std::string& host, const std::vector<IoDeviceStats>& io) {
  auto used = [&io](uint32_t major, uint32_t minor) {
    for (const IoDeviceStats& s : io) {
      if (s.major == major && s.minor == minor) return true;
    }
    return false;
  };
  absl::StatusOr<Diskstats> parsed = ParseDiskstats(host, used);
  absl::StatusOr<std::string> want =
      parsed.ok() ? RenderDiskstats(*parsed, io) : absl::StatusOr<std::string>(parsed.status());
  absl::StatusOr<std::string> got = RenderDiskstats(std::string_view(host), io);
  ASSERT_EQ(got.status(), want.status()) << host;
  if (got.ok()) {
    EXPECT_EQ(*got, *want) << host;
  }
}

TEST(DiskstatsRender, OnePassAgreesWithParseThenRender) {
  IoDeviceStats sdb;
  sdb.major = 8;
  sdb.minor = 16;
  sdb.read_ios = 7;
  IoDeviceStats sda = sdb;
  sda.minor = 0;
  IoDeviceStats zero;
  zero.major = 253;
  const std::vector<std::vector<IoDeviceStats>> ios = {
      {}, {VdaV1()}, {VdaV1(), VdaV1()}, {sdb}, {sda, sdb, zero}, {zero}};
  for (const char* file : {"host_vda.txt", "many_devices_14fields.txt",
                           "many_devices_18fields.txt", "many_devices_20fields.txt"}) {
    for (const std::vector<IoDeviceStats>& io : ios) ExpectOnePassAgrees(Fixture(file), io);
  }
  const char* hosts[] = {
      "", "\n\n", "   8       0 sda\n", "   8       0 sda 1 2 3 4 5 6 7 8 9 10\n",
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 x\n", "   8 4294967296 sda 1 2 3 4 5 6 7 8 9 10 11\n",
      "   8\n", "   x       0 sda 1 2 3 4 5 6 7 8 9 10 11\n",
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n   8       0 sdb 1 2 3 4 5 6 7 8 9 10 11\n",
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n   8       0 sdb 1 2 3 4 5 6 7 8 9 10 11\n"
      "   8      16 sdb 1 2 x\n",  // a malformed line after a repeat: its error first
      "   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11\n   8      16 sdb 1 2 3 4 5 6 7 8 9 10 12\n"
      "   8      16 sdb 1 2 3 4 5 6 7 8 9 10 13\n",
      "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11 12 "
      "13 14 15\n",
      "   8       0 sda 1 2 x\n   8      16 sdb 1 2 3 4 5 6 7 8 9 10 11",  // no last newline
  };
  for (const char* host : hosts) {
    for (const std::vector<IoDeviceStats>& io : ios) ExpectOnePassAgrees(host, io);
  }
}

}  // namespace
}  // namespace procview
