// cgroup_layout_test.cc: layout detection on fixture trees and this host.
#include "lib/procview/source/cgroup_layout.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "absl/status/status.h"
#include "lib/procview/source/fixture_tree.h"

namespace procview {
namespace {

absl::StatusOr<CgroupLayout> LayoutOf(const std::string& fixture) {
  absl::StatusOr<std::string> tree = CopyFixtureTree(fixture);
  if (!tree.ok()) return tree.status();
  return DetectCgroupLayout(*tree + "/cgroup");
}

TEST(DetectCgroupLayout, ControllerDirectoriesAreV1) {
  EXPECT_EQ(*LayoutOf("tests/fixtures/cgroup-v1"), CgroupLayout::kV1);
}

TEST(DetectCgroupLayout, CgroupControllersAtRootIsV2) {
  EXPECT_EQ(*LayoutOf("tests/fixtures/cgroup-v2"), CgroupLayout::kV2);
}

TEST(DetectCgroupLayout, V1WithUnifiedHierarchyIsHybrid) {
  EXPECT_EQ(*LayoutOf("tests/fixtures/hybrid"), CgroupLayout::kHybrid);
}

TEST(DetectCgroupLayout, EmptyOrMissingRootIsNotFound) {
  const std::string empty = std::string(std::getenv("TEST_TMPDIR")) + "/empty";
  std::filesystem::create_directories(empty);
  EXPECT_TRUE(absl::IsNotFound(DetectCgroupLayout(empty).status()));
  EXPECT_TRUE(absl::IsNotFound(DetectCgroupLayout(empty + "/missing").status()));
}

TEST(DetectCgroupLayout, CoMountedCpuCpuacctIsV1) {
  const std::string root = std::string(std::getenv("TEST_TMPDIR")) + "/comounted";
  std::filesystem::create_directories(root + "/cpu,cpuacct");
  EXPECT_EQ(*DetectCgroupLayout(root), CgroupLayout::kV1);
}

}  // namespace
}  // namespace procview
