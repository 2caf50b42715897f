// host_sizes_test.cc: the st_size bound of served files.

#include "frontends/fuse/host_sizes.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace procview {
namespace fuse {
namespace {

TEST(SizeBound, IsAPageMultipleWithAtLeastAPageOfSlack) {
  for (uint64_t host : {0u, 1u, 1400u, 4095u, 4096u, 4097u, 150000u}) {
    const uint64_t bound = SizeBound(host);
    EXPECT_EQ(bound % 4096, 0u) << host;
    EXPECT_GE(bound, host + 4096) << host;
    EXPECT_LT(bound, host + 2 * 4096) << host;
  }
}

std::string WriteTemp(const std::string& dir, const std::string& name, size_t bytes) {
  const std::string path = dir + "/" + name;
  FILE* f = fopen(path.c_str(), "w");
  EXPECT_NE(f, nullptr);
  fputs(std::string(bytes, 'x').c_str(), f);
  fclose(f);
  return path;
}

TEST(CountBytes, CountsWhatReadReturnsAndZeroForMissing) {
  char dir[] = "/tmp/host_sizes_test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  EXPECT_EQ(CountBytes(WriteTemp(dir, "f", 12345)), 12345u);
  EXPECT_EQ(CountBytes(std::string(dir) + "/missing"), 0u);
  // procfs reports st_size 0; the count must come from reading.
  EXPECT_GT(CountBytes("/proc/self/status"), 0u);
}

TEST(HostSizes, BoundsTheFileUnderTheRoot) {
  char dir[] = "/tmp/host_sizes_test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  ASSERT_EQ(mkdir((std::string(dir) + "/proc").c_str(), 0755), 0);
  WriteTemp(dir, "proc/meminfo", 5000);
  HostSizes sizes(dir);
  EXPECT_EQ(sizes.Bound("proc/meminfo"), SizeBound(5000));
  EXPECT_EQ(sizes.Bound("proc/swaps"), SizeBound(0));
}

}  // namespace
}  // namespace fuse
}  // namespace procview
