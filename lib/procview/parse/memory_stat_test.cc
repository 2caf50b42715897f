// memory_stat_test.cc: the memory.stat parsers (memory_stat.cc) on text
// recorded from this machine's cgroup v1 hierarchy and on the kernel's
// documented v2 format.
#include <gtest/gtest.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/parse/cgroup_values.h"

namespace procview {
namespace {

// memory.stat of tests/fixtures/cgroup-v1 pvrec-parent/"web app:1" (v1,
// kernel 6.18), which has both the cgroup's own and the total_* keys.
constexpr char kV1MemoryStat[] =
    "cache 33562624\nrss 110592\nrss_huge 0\nshmem 0\nmapped_file 8192\ndirty 0\n"
    "writeback 0\nworkingset_refault_anon 0\nworkingset_refault_file 2\nswap 0\n"
    "swapcached 0\npgpgin 990\npgpgout 929\npgfault 1223\npgmajfault 1\n"
    "inactive_anon 106496\nactive_anon 4096\ninactive_file 33554432\nactive_file 8192\n"
    "unevictable 0\nhierarchical_memory_limit 536870912\n"
    "hierarchical_memsw_limit 1073741824\ntotal_cache 33562624\ntotal_rss 110592\n"
    "total_rss_huge 2097152\ntotal_shmem 4096\ntotal_mapped_file 8192\ntotal_dirty 12288\n"
    "total_writeback 0\ntotal_workingset_refault_anon 0\ntotal_workingset_refault_file 2\n"
    "total_swap 0\ntotal_swapcached 0\ntotal_pgpgin 990\ntotal_pgpgout 929\n"
    "total_pgfault 1223\ntotal_pgmajfault 1\ntotal_inactive_anon 106496\n"
    "total_active_anon 4096\ntotal_inactive_file 33554432\ntotal_active_file 8192\n"
    "total_unevictable 0\n";

// v2 memory.stat (Documentation/admin-guide/cgroup-v2.rst order, 6.1 keys).
constexpr char kV2MemoryStat[] =
    "anon 52428800\nfile 104857600\nkernel 3145728\nkernel_stack 262144\npagetables 524288\n"
    "sec_pagetables 0\npercpu 0\nsock 0\nvmalloc 0\nshmem 4194304\nzswap 0\nzswapped 0\n"
    "file_mapped 8388608\nfile_dirty 4096\nfile_writeback 0\nswapcached 0\nanon_thp 2097152\n"
    "file_thp 0\nshmem_thp 0\ninactive_anon 50331648\nactive_anon 6291456\n"
    "inactive_file 67108864\nactive_file 33554432\nunevictable 0\n"
    "slab_reclaimable 1048576\nslab_unreclaimable 524288\nslab 1572864\n"
    "workingset_refault_anon 0\nworkingset_refault_file 0\npgfault 12345\npgmajfault 6\n";

TEST(ParseMemoryStatV1, ReadsHierarchicalTotals) {
  absl::StatusOr<MemoryStat> s = ParseMemoryStatV1(kV1MemoryStat);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->anon, 110592u);
  EXPECT_EQ(s->file, 33562624u);
  EXPECT_EQ(s->anon_thp, 2097152u);     // total_rss_huge, not rss_huge
  EXPECT_EQ(s->shmem, 4096u);           // total_shmem, not shmem
  EXPECT_EQ(s->file_dirty, 12288u);
  EXPECT_EQ(s->inactive_file, 33554432u);
  EXPECT_EQ(s->slab_reclaimable, 0u);   // v1 has none
}

TEST(ParseMemoryStatV1, ChecksOnlyTheLinesItReads) {
  EXPECT_EQ(ParseMemoryStatV1("pgfault lots\nfuture_thing 1 2\ntotal_rss 5\n")->anon, 5u);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMemoryStatV1("total_rss -5\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMemoryStatV1("total_rss\n").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMemoryStatV1("total_rss 1\ntotal_cache x\n").status()));
  // Read from the end, where v1 prints its totals: the last of a repeated key,
  // and nothing before the last key it needs.
  EXPECT_EQ(ParseMemoryStatV1("total_rss 1\ntotal_rss 2")->anon, 2u);
  EXPECT_EQ(ParseMemoryStatV1(std::string(kV1MemoryStat) + "total_rss 7\n")->anon, 7u);
  absl::StatusOr<MemoryStat> tail = ParseMemoryStatV1(
      "total_cache x\ntotal_cache 1\ntotal_rss 1\ntotal_rss_huge 1\ntotal_shmem 1\n"
      "total_mapped_file 1\ntotal_dirty 1\ntotal_writeback 1\ntotal_inactive_anon 1\n"
      "total_active_anon 1\ntotal_inactive_file 1\ntotal_active_file 1\ntotal_unevictable 1\n");
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->file, 1u);
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMemoryStatV1("\n\ntotal_rss\n\n").status()));
}

// The totals of kV1MemoryStat's last lines, for texts that only vary what
// comes before them.
constexpr char kV1Totals[] =
    "total_cache 1\ntotal_rss 2\ntotal_rss_huge 0\ntotal_shmem 0\ntotal_mapped_file 0\n"
    "total_dirty 0\ntotal_writeback 0\ntotal_swap 0\ntotal_inactive_anon 0\n"
    "total_active_anon 0\ntotal_inactive_file 0\ntotal_active_file 0\ntotal_unevictable 0\n";

TEST(ParseMemoryStatV1, ReadsStatedLimitsWhenAsked) {
  V1StatedLimits limits;
  absl::StatusOr<MemoryStat> s = ParseMemoryStatV1(kV1MemoryStat, &limits);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->anon, 110592u);
  EXPECT_TRUE(limits.has_memory);
  EXPECT_EQ(limits.memory, Limit(536870912));
  EXPECT_TRUE(limits.has_memsw);
  EXPECT_EQ(limits.memsw, Limit(1073741824));

  // The root's (no limit), as ParseV1Limit reads it; no memsw line without
  // swap accounting.
  limits = {};
  ASSERT_TRUE(ParseMemoryStatV1(absl::StrCat("unevictable 0\nhierarchical_memory_limit "
                                             "9223372036854771712\n", kV1Totals),
                                &limits)
                  .ok());
  EXPECT_TRUE(limits.has_memory);
  EXPECT_EQ(limits.memory, std::nullopt);
  EXPECT_FALSE(limits.has_memsw);

  // Read wherever the scan meets them, the end of the text included.
  limits = {};
  ASSERT_TRUE(ParseMemoryStatV1("total_rss 1\nhierarchical_memory_limit 5\n"
                                "hierarchical_memsw_limit 6",
                                &limits)
                  .ok());
  EXPECT_EQ(limits.memory, Limit(5));
  EXPECT_EQ(limits.memsw, Limit(6));

  // None printed (older kernels): both absent, the totals still read.
  limits = {};
  s = ParseMemoryStatV1(kV1Totals, &limits);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->anon, 2u);
  EXPECT_FALSE(limits.has_memory);
  EXPECT_FALSE(limits.has_memsw);
}

TEST(ParseMemoryStatV1, ChecksTheStatedLimitsItReads) {
  V1StatedLimits limits;
  EXPECT_TRUE(absl::IsInvalidArgument(
      ParseMemoryStatV1(absl::StrCat("hierarchical_memory_limit x\n", kV1Totals), &limits)
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ParseMemoryStatV1(absl::StrCat("hierarchical_memsw_limit -1\n", kV1Totals), &limits)
          .status()));
  // Nothing before the limit lines that precede the totals is looked at.
  limits = {};
  ASSERT_TRUE(ParseMemoryStatV1(absl::StrCat("hierarchical_memory_limit x\nrss 1\n"
                                             "hierarchical_memory_limit 5\n"
                                             "hierarchical_memsw_limit 6\n",
                                             kV1Totals),
                                &limits)
                  .ok());
  EXPECT_EQ(limits.memory, Limit(5));
  EXPECT_EQ(limits.memsw, Limit(6));
  // Without `limits` they are not read at all.
  EXPECT_TRUE(
      ParseMemoryStatV1(absl::StrCat("hierarchical_memory_limit x\n", kV1Totals)).ok());
}

TEST(FindV1StatedMemswLimit, ReadsTheMemswLineAlone) {
  absl::StatusOr<V1StatedLimits> limits = FindV1StatedMemswLimit(kV1MemoryStat);
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_TRUE(limits->has_memsw);
  EXPECT_EQ(limits->memsw, Limit(1073741824));
  // No totals needed; the last one; at the start; none there; a bad number.
  EXPECT_EQ(FindV1StatedMemswLimit("rss x\nhierarchical_memsw_limit 6\n")->memsw, Limit(6));
  EXPECT_EQ(FindV1StatedMemswLimit("hierarchical_memsw_limit 6\nhierarchical_memsw_limit 7")
                ->memsw,
            Limit(7));
  EXPECT_EQ(FindV1StatedMemswLimit("hierarchical_memsw_limit 6\nshmem 1")->memsw, Limit(6));
  EXPECT_FALSE(FindV1StatedMemswLimit(kV1Totals)->has_memsw);
  EXPECT_FALSE(FindV1StatedMemswLimit("xhierarchical_memsw_limit 6\n")->has_memsw);
  EXPECT_TRUE(absl::IsInvalidArgument(
      FindV1StatedMemswLimit(absl::StrCat("hierarchical_memsw_limit 6 kB\n", kV1Totals)).status()));
}

TEST(ParseMemoryStatV1, RejectsV2Text) {
  EXPECT_TRUE(absl::IsInvalidArgument(ParseMemoryStatV1(kV2MemoryStat).status()));
}

TEST(ParseMemoryStatV2, ReadsV2Names) {
  absl::StatusOr<MemoryStat> s = ParseMemoryStatV2(kV2MemoryStat);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->anon, 52428800u);
  EXPECT_EQ(s->file, 104857600u);
  EXPECT_EQ(s->file_mapped, 8388608u);
  EXPECT_EQ(s->slab_reclaimable, 1048576u);
  EXPECT_EQ(s->slab_unreclaimable, 524288u);
  EXPECT_EQ(s->kernel_stack, 262144u);
  EXPECT_EQ(s->pagetables, 524288u);
  EXPECT_EQ(s->active_anon + s->inactive_anon, 56623104u);
}

}  // namespace
}  // namespace procview
