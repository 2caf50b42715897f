// files_test.cc: names of the served files.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "lib/procview/procview.h"

namespace procview {
namespace {

TEST(FileFromName, AcceptsShortRelativeAndAbsoluteForms) {
  for (const char* name : {"meminfo", "proc/meminfo", "/proc/meminfo"}) {
    EXPECT_EQ(*FileFromName(name), File::kMeminfo) << name;
  }
  for (const char* name : {"pressure/io", "proc/pressure/io", "/proc/pressure/io"}) {
    EXPECT_EQ(*FileFromName(name), File::kPressureIo) << name;
  }
  for (const char* name :
       {"online", "cpu/online", "sys/devices/system/cpu/online",
        "/sys/devices/system/cpu/online"}) {
    EXPECT_EQ(*FileFromName(name), File::kCpuOnline) << name;
  }
}

TEST(FileFromName, UnknownNamesAreNotFound) {
  for (const char* name : {"", "/", "vmstat", "/proc/vmstat", "proc", "sys/meminfo",
                           "/proc/meminfo/", "proc/online", "cpu/meminfo", "Meminfo"}) {
    EXPECT_TRUE(absl::IsNotFound(FileFromName(name).status())) << name;
  }
}

TEST(AllFiles, EveryFileHasAUniquePathThatRoundTrips) {
  std::set<std::string> paths;
  for (File file : AllFiles()) {
    const std::string path(PathOf(file));
    EXPECT_TRUE(path.rfind("proc/", 0) == 0 || path.rfind("sys/", 0) == 0) << path;
    EXPECT_TRUE(paths.insert(path).second) << path;
    EXPECT_EQ(*FileFromName(path), file) << path;
  }
  EXPECT_EQ(paths.size(), 14u);
  EXPECT_EQ(AllFiles().front(), File::kMeminfo);
}

}  // namespace
}  // namespace procview
