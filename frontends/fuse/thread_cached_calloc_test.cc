// thread_cached_calloc_test.cc: the daemon's calloc clears what it hands
// out, whatever the block held before, and refuses an overflowing size.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cstddef>

#include "frontends/fuse/thread_cached_calloc.h"
#include "gtest/gtest.h"

namespace {

// Called through a pointer the compiler can't see through: it may not
// assume calloc's result is zero, nor drop a calloc whose block is freed.
void* (*volatile calloc_fn)(size_t, size_t) = &calloc;

bool AllZero(const void* block, size_t size) {
  const unsigned char* bytes = static_cast<const unsigned char*>(block);
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// A block of `size` freed dirty, then calloc'ed again (the thread cache
// hands the same block back).
void ExpectClearedAfterDirtyFree(size_t count, size_t size) {
  void* dirty = malloc(count * size);
  ASSERT_NE(dirty, nullptr);
  memset(dirty, 0xa5, count * size);
  free(dirty);
  void* block = calloc_fn(count, size);
  ASSERT_NE(block, nullptr);
  EXPECT_TRUE(AllZero(block, count * size)) << count << " x " << size;
  free(block);
}

TEST(ThreadCachedCallocTest, ClearsCachedBlocks) {
  for (size_t size : {1, 24, 128, 129, 500, 1024, 1032}) ExpectClearedAfterDirtyFree(1, size);
  ExpectClearedAfterDirtyFree(16, 8);
}

TEST(ThreadCachedCallocTest, ClearsLargeBlocks) {
  for (size_t size : {1033, 4096, 100000, 1 << 20}) ExpectClearedAfterDirtyFree(1, size);
}

TEST(ThreadCachedCallocTest, ZeroSizeIsFreeable) {
  void* block = calloc_fn(0, 16);
  free(block);  // null or a unique block: both may be freed
}

TEST(ThreadCachedCallocTest, RefusesOverflow) {
  // A sanitizer's calloc reports an overflow as an error instead.
  if (!PROCVIEW_THREAD_CACHED_CALLOC) GTEST_SKIP() << "sanitized build: the runtime's calloc";
  errno = 0;
  EXPECT_EQ(calloc_fn(SIZE_MAX / 2, 4), nullptr);
  EXPECT_EQ(errno, ENOMEM);
}

}  // namespace
