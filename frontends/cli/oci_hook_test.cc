// oci_hook_test.cc: where the hook puts the files, before and after the
// runtime pivots into the rootfs.
#include "frontends/cli/oci_hook.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

std::set<std::string>* existing = nullptr;
bool Exists(const std::string& path) { return existing->count(path) > 0; }

TEST(OciHookTarget, UnderRootfsWhileItsProcIsMountedThere) {
  std::set<std::string> paths = {"/b/rootfs/proc/meminfo", "/proc/meminfo"};
  existing = &paths;
  EXPECT_EQ(HookTargetRoot("/b/rootfs", Exists), "/b/rootfs");
}

TEST(OciHookTarget, SlashOnceTheRuntimeHasPivoted) {
  std::set<std::string> paths = {"/proc/meminfo"};
  existing = &paths;
  EXPECT_EQ(HookTargetRoot("/b/rootfs", Exists), "/");
}

}  // namespace
}  // namespace procview::cli
