// namespace_resolver_test.cc: reader -> container init on a fake /proc, with
// and without the kernel ioctl, including pid reuse.
#include "lib/procview/resolve/namespace_resolver.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "lib/procview/resolve/fake_proc_table.h"

namespace procview {
namespace {

constexpr char kHostNs[] = "pid:[4026531836]";
constexpr char kNsA[] = "pid:[4026532178]";
constexpr char kNsB[] = "pid:[4026532200]";

// A host with two containers: A (init 100, a child 101, a setns'd 300) and
// B (init 200, a child 201); 50 is a host process.
class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto procs = std::make_unique<FakeProcTable>(kHostNs);
    procs_ = procs.get();
    procs_->Add({kHostNs, {50}, 10});
    procs_->Add({kNsA, {100, 1}, 1000});
    procs_->Add({kNsA, {101, 7}, 1100});
    procs_->Add({kNsA, {300, 9}, 3000});
    procs_->Add({kNsB, {200, 1}, 2000});
    procs_->Add({kNsB, {201, 2}, 2100});
    resolver_ = std::make_unique<NamespaceResolver>(std::move(procs), 16);
  }

  FakeProcTable* procs_ = nullptr;
  std::unique_ptr<NamespaceResolver> resolver_;
};

TEST_F(ResolverTest, HostReaderIsItsOwnContainer) {
  EXPECT_EQ(*resolver_->ContainerInit(50), 50);
}

TEST_F(ResolverTest, ContainerReadersResolveToTheirNamespaceInit) {
  EXPECT_EQ(*resolver_->ContainerInit(101), 100);
  EXPECT_EQ(*resolver_->ContainerInit(300), 100);  // joined with setns
  EXPECT_EQ(*resolver_->ContainerInit(100), 100);
  EXPECT_EQ(*resolver_->ContainerInit(201), 200);
  EXPECT_TRUE(resolver_->uses_ioctl());
  EXPECT_EQ(procs_->scans(), 0);
}

TEST_F(ResolverTest, GoneReaderIsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(resolver_->ContainerInit(999).status()));
  EXPECT_FALSE(resolver_->ContainerInit(0).ok());
}

TEST_F(ResolverTest, WithoutIoctlScansOncePerNamespace) {
  procs_->set_kernel_has_ioctl(false);
  EXPECT_EQ(*resolver_->ContainerInit(101), 100);
  EXPECT_FALSE(resolver_->uses_ioctl());
  EXPECT_EQ(procs_->scans(), 1);
  EXPECT_EQ(*resolver_->ContainerInit(300), 100);  // same namespace: cache hit
  EXPECT_EQ(procs_->scans(), 1);
  EXPECT_EQ(*resolver_->ContainerInit(201), 200);
  EXPECT_EQ(procs_->scans(), 2);
}

TEST_F(ResolverTest, WithoutIoctlReusedInitPidIsNeverServedFromCache) {
  procs_->set_kernel_has_ioctl(false);
  ASSERT_EQ(*resolver_->ContainerInit(101), 100);
  // Container A exits; its init's pid 100 is reused by a process of B, and
  // A's namespace identity is reused by a new container C whose init is 400.
  procs_->Remove(100);
  procs_->Remove(101);
  procs_->Remove(300);
  procs_->Add({kNsB, {100, 3}, 5000});
  procs_->Add({kNsA, {400, 1}, 5100});
  procs_->Add({kNsA, {401, 2}, 5200});
  EXPECT_EQ(*resolver_->ContainerInit(401), 400);
  EXPECT_EQ(*resolver_->ContainerInit(100), 200);
}

TEST_F(ResolverTest, WithoutIoctlSamePidDifferentStartTimeIsStale) {
  procs_->set_kernel_has_ioctl(false);
  ASSERT_EQ(*resolver_->ContainerInit(101), 100);
  // The init restarts with the same pid in the same namespace identity: a
  // new process (new start time), so the cache must rescan.
  procs_->Add({kNsA, {100, 1}, 9999});
  const int scans_before = procs_->scans();
  EXPECT_EQ(*resolver_->ContainerInit(101), 100);
  EXPECT_EQ(procs_->scans(), scans_before + 1);
}

TEST_F(ResolverTest, WithoutIoctlNamespaceWithoutInitIsNotFound) {
  procs_->set_kernel_has_ioctl(false);
  procs_->Remove(200);
  EXPECT_TRUE(absl::IsNotFound(resolver_->ContainerInit(201).status()));
}

TEST_F(ResolverTest, ConcurrentReadersAgree) {
  procs_->set_kernel_has_ioctl(false);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const pid_t reader = (i + t) % 2 == 0 ? 101 : 201;
        absl::StatusOr<pid_t> init = resolver_->ContainerInit(reader);
        if (!init.ok() || *init != (reader == 101 ? 100 : 200)) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(InitCache, ClearsWhenFull) {
  FakeProcTable procs(kHostNs);
  InitCache cache(2);
  for (int i = 0; i < 3; ++i) {
    const std::string ns = absl::StrCat("pid:[", i, "]");
    procs.Add({ns, {100 + i, 1}, 7});
    cache.Put(ns, {100 + i, 7});
  }
  EXPECT_LE(cache.size(), 2u);
  EXPECT_EQ(cache.Find(procs, "pid:[2]"), std::optional<pid_t>(102));
}

TEST(InitCache, DropsEntryWhoseProcessLeftTheNamespace) {
  FakeProcTable procs(kHostNs);
  InitCache cache(8);
  procs.Add({kNsA, {100, 1}, 7});
  cache.Put(kNsA, {100, 7});
  ASSERT_EQ(cache.Find(procs, kNsA), std::optional<pid_t>(100));
  procs.Add({kNsB, {100, 1}, 7});  // same pid and tick, other namespace
  EXPECT_EQ(cache.Find(procs, kNsA), std::nullopt);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace procview
