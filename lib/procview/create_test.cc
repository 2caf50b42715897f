// create_test.cc: Procview::Create over real sources: a recorded cgroup
// fixture root with this machine's /proc, and a bad root.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/fixture_tree.h"

namespace procview {
namespace {

TEST(Create, RendersForAReaderOnAFixtureRoot) {
  absl::StatusOr<std::string> tree = CopyFixtureTree("tests/fixtures/cgroup-v1");
  ASSERT_TRUE(tree.ok()) << tree.status();
  Options options;
  options.cgroup_root = *tree + "/cgroup";
  absl::StatusOr<std::unique_ptr<Procview>> pv = Procview::Create(options);
  ASSERT_TRUE(pv.ok()) << pv.status();
  // We share the host's pid namespace: we are our own container. Whether
  // our cgroups exist in the fixture depends on where the test runs, so
  // either a rendering or a marked host fallback is right; never an error.
  absl::StatusOr<Rendered> out = (*pv)->Render(File::kStat, getpid());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->container_init, getpid());
  EXPECT_TRUE(absl::StartsWith(out->text, "cpu  ")) << out->text;
  EXPECT_EQ(out->host_fallback, !out->fallback_reason.empty());
}

TEST(Create, BadCgroupRootIsAClearError) {
  Options options;
  options.cgroup_root = "/nonexistent/cgroup";
  absl::StatusOr<std::unique_ptr<Procview>> pv = Procview::Create(options);
  EXPECT_TRUE(absl::IsNotFound(pv.status())) << pv.status();
  EXPECT_TRUE(absl::StrContains(pv.status().message(), "/nonexistent/cgroup")) << pv.status();
}

}  // namespace
}  // namespace procview
