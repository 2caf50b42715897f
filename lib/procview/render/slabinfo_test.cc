// Tests of /proc/slabinfo: which text is served, and that it is checked.
#include "lib/procview/render/slabinfo.h"
#include "tests/fixtures/fixture_text.h"

#include <gtest/gtest.h>

#include <string>

namespace procview {
namespace {

std::string Fixture(const std::string& name) { return testing::FixtureText("slabinfo/" + name); }

TEST(SlabinfoRender, ServesTheCgroupsOwnSlabinfo) {
  // memory.kmem.slabinfo of a v1 cgroup on a 4.x kernel (per-memcg caches).
  const std::string cgroup = Fixture("v1_memcg_kernel4.txt");
  absl::StatusOr<std::string> text = RenderSlabinfo(cgroup, Fixture("host.txt"));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, cgroup);
}

TEST(SlabinfoRender, ServesTheHostFileWhenTheCgroupHasNone) {
  const std::string host = Fixture("host.txt");  // recorded, kernel 6.18
  absl::StatusOr<std::string> v2 = RenderSlabinfo(std::nullopt, host);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(*v2, host);
  // v1 on 5.9+ kernels: memory.kmem.slabinfo exists but is empty.
  absl::StatusOr<std::string> v1_new_kernel = RenderSlabinfo("", host);
  ASSERT_TRUE(v1_new_kernel.ok()) << v1_new_kernel.status();
  EXPECT_EQ(*v1_new_kernel, host);
}

TEST(SlabinfoRender, AcceptsSlabDebugColumns) {
  // SLAB with CONFIG_DEBUG_SLAB adds ": globalstat" and ": cpustat" groups.
  absl::Status status = ValidateSlabinfo(
      "slabinfo - version: 2.1 (statistics)\n# name <active_objs>\n"
      "kmalloc-64  512 512 64 64 1 : tunables 120 60 8 : slabdata 8 8 0 "
      ": globalstat 900 512 8 0 0 0 0 0 0 : cpustat 10 20 30 40\n");
  EXPECT_TRUE(status.ok()) << status;
}

TEST(SlabinfoRender, RejectsMalformedText) {
  const std::string header =
      "slabinfo - version: 2.1\n# name            <active_objs> <num_objs>\n";
  const std::string bad[] = {
      "",
      "\n",
      "slabinfo - version: 2.1\n",             // no column line
      "slabinfo - version: 1.1\n# name\n",     // old format
      "slabinfo - version: 2.\n# name\n",      // no minor version
      "MemTotal:       16384 kB\n",            // another file
      header.substr(0, header.size() - 1),     // truncated (no newline)
      header + "dentry 693 693 192 21\n",      // four numbers
      header + "dentry 693 693 192 21 1 7\n",  // six numbers
      header + "dentry 693 693 x 21 1 : tunables 0 0 0 : slabdata 33 33 0\n",
      header + "dentry 693 693 192 21 1 : tunables 0 -1 0 : slabdata 33 33 0\n",
      header + "dentry 693 693 192 21 1 : 0 0 0 : slabdata 33 33 0\n",  // no label
      header + "dentry 693 693 192 21 1 : tunables : slabdata 33 33 0\n",
      header + "\n",  // empty cache line
  };
  for (const std::string& text : bad) {
    EXPECT_FALSE(ValidateSlabinfo(text).ok()) << "accepted: " << text;
    EXPECT_FALSE(RenderSlabinfo(text, Fixture("host.txt")).ok() && !text.empty())
        << "served: " << text;
  }
  // A broken host file is an error too when it is the one chosen.
  EXPECT_FALSE(RenderSlabinfo(std::nullopt, "slabinfo - version: 2.1\n").ok());
}

}  // namespace
}  // namespace procview
