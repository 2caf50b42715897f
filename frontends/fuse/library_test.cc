// library_test.cc: loading, checking and live-swapping real shared libraries
// (the ABI over a fake facade, built in //lib/procview/abi).

#include "frontends/fuse/library.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace procview {
namespace fuse {
namespace {

std::string Runfile(const std::string& name) {
  return std::string(getenv("TEST_SRCDIR")) + "/procview/lib/procview/abi/" + name;
}

std::string TempDir() { return getenv("TEST_TMPDIR"); }

// Installs `library` at `path` the way an upgrade does: write a new file
// next to it, then rename(2) it over the old one.
void InstallByRename(const std::string& library, const std::string& path) {
  const std::string staging = path + ".new";
  std::ifstream in(Runfile(library), std::ios::binary);
  std::ofstream out(staging, std::ios::binary | std::ios::trunc);
  out << in.rdbuf();
  out.close();
  ASSERT_TRUE(out.good());
  ASSERT_EQ(rename(staging.c_str(), path.c_str()), 0);
}

// How many private library copies are mapped into this process.
int MappedCopies() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  std::set<std::string> copies;
  while (std::getline(maps, line)) {
    const size_t at = line.find("/.procviewfs-");
    if (at != std::string::npos) copies.insert(line.substr(at));
  }
  return static_cast<int>(copies.size());
}

class LibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.path = TempDir() + "/libprocview.so";
    settings_.scratch_dir = TempDir();
    InstallByRename("libprocview_fake_a.so", settings_.path);
  }

  std::string RenderMeminfo(const LibraryGeneration& generation, pid_t reader) {
    Text text;
    EXPECT_EQ(generation.Render(PROCVIEW_FILE_MEMINFO, reader, &text, nullptr), 0);
    return std::string(text.bytes());
  }

  LibrarySettings settings_;
  Logger log_;
};

TEST_F(LibraryTest, LoadsAndRenders) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  auto current = library.Current();
  EXPECT_EQ(current->number(), 1u);
  EXPECT_EQ(current->version(), "libprocview 0.1.0 abi 1");
  EXPECT_STREQ(current->FilePath(PROCVIEW_FILE_CPU_ONLINE), "sys/devices/system/cpu/online");
  EXPECT_EQ(current->FilePath(current->file_count()), nullptr);
  EXPECT_EQ(RenderMeminfo(*current, 5).rfind("proc/meminfo line 0 pid 5\n", 0), 0u);
}

TEST_F(LibraryTest, ReloadAfterRenameLoadsTheNewFile) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  for (int round = 0; round < 3; ++round) {
    InstallByRename("libprocview_fake_b.so", settings_.path);
    ASSERT_TRUE(library.Reload().ok());
    EXPECT_EQ(library.Current()->version(), "libprocview 0.1.0 abi 1 (variant_b)");
    InstallByRename("libprocview_fake_a.so", settings_.path);
    ASSERT_TRUE(library.Reload().ok());
    EXPECT_EQ(library.Current()->version(), "libprocview 0.1.0 abi 1");
  }
  EXPECT_EQ(library.Current()->number(), 7u);
}

TEST_F(LibraryTest, ReloadOfTheSameFileGivesAFreshGeneration) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  auto first = library.Current();
  ASSERT_TRUE(library.Reload().ok());
  EXPECT_NE(library.Current().get(), first.get());
  EXPECT_EQ(library.Current()->number(), 2u);
}

TEST_F(LibraryTest, WrongAbiVersionIsRefusedAndOldLibraryStays) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  InstallByRename("libprocview_wrong_abi.so", settings_.path);
  absl::Status reloaded = library.Reload();
  EXPECT_TRUE(absl::IsFailedPrecondition(reloaded)) << reloaded;
  EXPECT_NE(reloaded.message().find("ABI version 999"), absl::string_view::npos) << reloaded;
  EXPECT_EQ(library.Current()->number(), 1u);
  EXPECT_FALSE(RenderMeminfo(*library.Current(), 6).empty());
}

TEST_F(LibraryTest, MissingEntryPointIsRefused) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  InstallByRename("libprocview_no_entry.so", settings_.path);
  absl::Status reloaded = library.Reload();
  EXPECT_TRUE(absl::IsNotFound(reloaded)) << reloaded;
  EXPECT_NE(reloaded.message().find("procview_abi_get"), absl::string_view::npos) << reloaded;
  EXPECT_EQ(library.Current()->number(), 1u);
}

TEST_F(LibraryTest, NonElfAndMissingFilesAreRefused) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  {
    std::ofstream junk(settings_.path + ".new");
    junk << "not a shared object\n";
  }
  ASSERT_EQ(rename((settings_.path + ".new").c_str(), settings_.path.c_str()), 0);
  EXPECT_TRUE(absl::IsInternal(library.Reload()));
  ASSERT_EQ(unlink(settings_.path.c_str()), 0);
  EXPECT_TRUE(absl::IsNotFound(library.Reload()));
  EXPECT_EQ(library.Current()->number(), 1u);
  EXPECT_FALSE(RenderMeminfo(*library.Current(), 7).empty());
}

TEST_F(LibraryTest, InitialLoadFailsWithoutALibrary) {
  settings_.path = TempDir() + "/missing.so";
  Library library(settings_, &log_);
  EXPECT_FALSE(library.LoadInitial().ok());
  EXPECT_EQ(library.Current(), nullptr);
}

TEST_F(LibraryTest, InFlightGenerationOutlivesTheSwap) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  std::shared_ptr<const LibraryGeneration> in_flight = library.Current();
  InstallByRename("libprocview_fake_b.so", settings_.path);
  ASSERT_TRUE(library.Reload().ok());
  EXPECT_EQ(library.ReapRetired(), 1u);  // still used by in_flight
  EXPECT_EQ(RenderMeminfo(*in_flight, 8).rfind("proc/meminfo line 0 pid 8\n", 0), 0u);
  EXPECT_EQ(in_flight->version(), "libprocview 0.1.0 abi 1");
  in_flight.reset();
  EXPECT_EQ(library.ReapRetired(), 0u);
}

// The library hands its buffer over; freeing it needs the library's code.
TEST_F(LibraryTest, HandedOverTextKeepsItsGenerationLoaded) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  Text text;
  ASSERT_EQ(library.Current()->Render(PROCVIEW_FILE_MEMINFO, 5, &text, nullptr), 0);
  InstallByRename("libprocview_fake_b.so", settings_.path);
  ASSERT_TRUE(library.Reload().ok());
  EXPECT_EQ(library.ReapRetired(), 1u);  // generation 1 lives on in the text
  EXPECT_EQ(text.bytes().substr(0, 26), "proc/meminfo line 0 pid 5\n");
  text = Text();
  EXPECT_EQ(library.ReapRetired(), 0u);
}

TEST_F(LibraryTest, RendersRacingWithReloadsAllSucceed) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, renders{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      const std::string head = "proc/cpuinfo line 0 pid " + std::to_string(100 + t) + "\n";
      while (!stop) {
        Text text;
        const int result =
            library.Current()->Render(PROCVIEW_FILE_CPUINFO, 100 + t, &text, nullptr);
        if (result != 0 || text.bytes().substr(0, head.size()) != head) ++failures;
        ++renders;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    InstallByRename(i % 2 ? "libprocview_fake_a.so" : "libprocview_fake_b.so", settings_.path);
    ASSERT_TRUE(library.Reload().ok());
    library.ReapRetired();
  }
  stop = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(renders, 0);
  EXPECT_EQ(library.ReapRetired(), 0u);
}

TEST_F(LibraryTest, ManyReloadsKeepOneCopyMappedAndNoFilesBehind) {
  Library library(settings_, &log_);
  ASSERT_TRUE(library.LoadInitial().ok());
  for (int i = 0; i < 40; ++i) {
    InstallByRename(i % 2 ? "libprocview_fake_a.so" : "libprocview_fake_b.so", settings_.path);
    ASSERT_TRUE(library.Reload().ok());
  }
  EXPECT_EQ(MappedCopies(), 1);
  // Private copies are unlinked right after dlopen.
  std::string leftovers;
  for (int n = 1; n <= 41; ++n) {
    const std::string copy =
        TempDir() + "/.procviewfs-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".so";
    if (access(copy.c_str(), F_OK) == 0) leftovers += copy + " ";
  }
  EXPECT_EQ(leftovers, "");
}

}  // namespace
}  // namespace fuse
}  // namespace procview
