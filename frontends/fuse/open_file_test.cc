// open_file_test.cc: per-open buffers: slicing, re-render at offset 0, errors,
// replies under the lock.

#include "frontends/fuse/open_file.h"

#include <errno.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace procview {
namespace fuse {
namespace {

// Renders "render N for R\n" padded to a few KB; counts calls.
struct CountingRenderer {
  int calls = 0;
  int fail_with = 0;
  std::function<int(pid_t, Text*)> fn() {
    return [this](pid_t reader, Text* out) {
      if (fail_with != 0) return fail_with;
      ++calls;
      *out = Text::Own(
          absl::StrCat("render ", calls, " for ", reader, "\n", std::string(5000, 'x'), "\n"));
      return 0;
    };
  }
};

// OpenFile::Read, with the reply copied into *out (cleared first).
int ReadInto(OpenFile* file, uint64_t offset, size_t size, pid_t reader, const RenderFn& render,
             std::string* out) {
  out->clear();
  return file->Read(offset, size, reader, render,
                    [out](std::string_view bytes) { out->assign(bytes); });
}

std::string ReadAll(OpenFile* file, size_t chunk, const RenderFn& render) {
  std::string all, piece;
  for (uint64_t offset = 0;; offset += piece.size()) {
    EXPECT_EQ(ReadInto(file, offset, chunk, 1, render, &piece), 0);
    if (piece.empty()) return all;
    all += piece;
  }
}

TEST(OpenFile, AnyChunkSizeGivesTheSameBytes) {
  CountingRenderer renderer;
  std::string expected;
  for (size_t chunk : {1, 7, 4096, 1 << 20}) {
    OpenFile file(nullptr);
    ASSERT_EQ(file.Fill(9, renderer.fn()), 0);
    const int calls = renderer.calls;
    const std::string got = ReadAll(&file, chunk, renderer.fn());
    EXPECT_EQ(renderer.calls, calls) << "reads after the first must not render";
    EXPECT_EQ(got.size(), file.size());
    // Only the counter differs between opens.
    expected = absl::StrCat("render ", calls, " for 9\n", std::string(5000, 'x'), "\n");
    EXPECT_EQ(got, expected) << chunk;
  }
}

TEST(OpenFile, ReadPastEndIsEmpty) {
  CountingRenderer renderer;
  OpenFile file(nullptr);
  ASSERT_EQ(file.Fill(1, renderer.fn()), 0);
  std::string piece = "junk";
  EXPECT_EQ(ReadInto(&file, file.size(), 10, 1, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece, "");
  EXPECT_EQ(ReadInto(&file, uint64_t{1} << 40, 10, 1, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece, "");
}

TEST(OpenFile, RereadFromStartRendersAgainForTheNewReader) {
  CountingRenderer renderer;
  OpenFile file(nullptr);
  ASSERT_EQ(file.Fill(1, renderer.fn()), 0);
  std::string piece;
  ASSERT_EQ(ReadInto(&file, 0, 100, 1, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece.rfind("render 1 for 1\n", 0), 0u);  // the open's render
  ASSERT_EQ(ReadInto(&file, 0, 100, 2, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece.rfind("render 2 for 2\n", 0), 0u);  // fresh, like procfs
  ASSERT_EQ(ReadInto(&file, 5, 10, 3, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece, "r 2 for 2\n");  // later offsets come from the buffer
  EXPECT_EQ(renderer.calls, 2);
}

TEST(OpenFile, RenderErrorsAreReturnedAndOldContentKept) {
  CountingRenderer renderer;
  renderer.fail_with = -ENOENT;
  OpenFile failed(nullptr);
  EXPECT_EQ(failed.Fill(1, renderer.fn()), -ENOENT);

  renderer.fail_with = 0;
  OpenFile file(nullptr);
  ASSERT_EQ(file.Fill(1, renderer.fn()), 0);
  std::string piece;
  ASSERT_EQ(ReadInto(&file, 0, 10, 1, renderer.fn(), &piece), 0);
  renderer.fail_with = -EIO;
  EXPECT_EQ(ReadInto(&file, 0, 10, 1, renderer.fn(), &piece), -EIO);
  EXPECT_EQ(ReadInto(&file, 3, 12, 1, renderer.fn(), &piece), 0);
  EXPECT_EQ(piece, "der 1 for 1\n");
}

// The daemon replies from the buffer under the file's lock: a release that
// frees the file (the kernel may send it once the reader has its bytes)
// waits until the replying thread is done with it.
TEST(OpenFile, FreeingWaitsForAReplyInProgress) {
  CountingRenderer renderer;
  auto* file = new OpenFile(nullptr);
  ASSERT_EQ(file->Fill(7, renderer.fn()), 0);
  std::atomic<bool> replying{false};
  std::atomic<bool> replied{false};
  std::string got;
  std::thread reader([&] {
    const RenderFn render = renderer.fn();
    file->Read(0, 20, 7, render, [&](std::string_view bytes) {
      replying = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      got.assign(bytes);
      replied = true;
    });
  });
  while (!replying) std::this_thread::yield();
  delete file;
  EXPECT_TRUE(replied);
  reader.join();
  EXPECT_EQ(got, "render 1 for 7\nxxxxx");
}

TEST(OpenFile, ConcurrentSlicedReadsSeeOneBuffer) {
  CountingRenderer renderer;
  OpenFile file(nullptr);
  ASSERT_EQ(file.Fill(4, renderer.fn()), 0);
  std::string first;
  ASSERT_EQ(ReadInto(&file, 0, 1 << 20, 4, renderer.fn(), &first), 0);
  const RenderFn render = renderer.fn();
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::string piece;
      for (uint64_t offset = 1; offset < first.size(); offset += 97) {
        ReadInto(&file, offset, 13, 4, render, &piece);
        if (piece != first.substr(offset, 13)) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(8, 0));
}

}  // namespace
}  // namespace fuse
}  // namespace procview
