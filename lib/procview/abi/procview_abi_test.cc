// procview_abi_test.cc: the C table over a fake facade (fake_facade.cc):
// versions, option and file-id translation, Status -> -errno, callbacks.

#include "lib/procview/abi/procview_abi.h"

#include <errno.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

// Collects rendered bytes; fails with `fail_with` when set.
struct Sink {
  std::string text;
  int calls = 0;
  int fail_with = 0;
};

int Collect(void* ctx, const char* data, size_t size) {
  auto* sink = static_cast<Sink*>(ctx);
  ++sink->calls;
  if (sink->fail_with != 0) return sink->fail_with;
  sink->text.append(data, size);
  return 0;
}

class AbiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    abi_ = procview_abi_get();
    ASSERT_NE(abi_, nullptr);
    char err[128];
    ASSERT_EQ(abi_->create(nullptr, &handle_, err, sizeof(err)), 0) << err;
  }
  void TearDown() override {
    if (abi_ != nullptr) abi_->destroy(handle_);
  }
  // Renders with a fresh info struct; returns the result code.
  int Render(uint32_t file, int32_t pid, Sink* sink, procview_render_info* info) {
    std::memset(info, 0x5a, sizeof(*info));
    info->struct_size = sizeof(*info);
    info->want = PROCVIEW_INFO_CGROUP;
    return abi_->render(handle_, file, pid, &Collect, sink, info);
  }

  const procview_abi* abi_ = nullptr;
  procview_handle* handle_ = nullptr;
};

TEST(AbiTable, ReportsVersionSizeAndFiles) {
  const procview_abi* abi = procview_abi_get();
  EXPECT_EQ(abi->abi_version, PROCVIEW_ABI_VERSION);
  EXPECT_EQ(abi->struct_size, sizeof(procview_abi));
  EXPECT_EQ(abi->file_count, PROCVIEW_FILE_COUNT_V1);
  EXPECT_STREQ(abi->version, "libprocview 0.1.0 abi 1");
}

TEST(AbiTable, MapsFileIdsToMountPaths) {
  const procview_abi* abi = procview_abi_get();
  EXPECT_STREQ(abi->file_path(PROCVIEW_FILE_MEMINFO), "proc/meminfo");
  EXPECT_STREQ(abi->file_path(PROCVIEW_FILE_PRESSURE_IO), "proc/pressure/io");
  EXPECT_STREQ(abi->file_path(PROCVIEW_FILE_CPU_POSSIBLE), "sys/devices/system/cpu/possible");
  EXPECT_EQ(abi->file_path(PROCVIEW_FILE_COUNT_V1), nullptr);
}

TEST(AbiCreate, TranslatesFlagsAndRoots) {
  const procview_abi* abi = procview_abi_get();
  procview_options options = {};
  options.struct_size = sizeof(options);
  options.flags = PROCVIEW_OPT_NO_SWAP | PROCVIEW_OPT_LOADAVG;
  options.proc_root = "/p";
  options.cgroup_root = "/cg";
  procview_handle* handle = nullptr;
  char err[64];
  ASSERT_EQ(abi->create(&options, &handle, err, sizeof(err)), 0);
  Sink sink;
  ASSERT_EQ(abi->render(handle, PROCVIEW_FILE_SWAPS, 7, &Collect, &sink, nullptr), 0);
  EXPECT_EQ(sink.text, "swap=0 cfs=0 loadavg=1 proc_root=/p sys_root=/sys cgroup_root=/cg\n");
  abi->destroy(handle);
}

TEST(AbiCreate, ReadsOnlyTheCallersPartOfOptions) {
  const procview_abi* abi = procview_abi_get();
  procview_options options = {};
  options.flags = PROCVIEW_OPT_CFS;
  options.proc_root = "/p";
  // An older caller that only knows struct_size and flags.
  options.struct_size = offsetof(procview_options, proc_root);
  procview_handle* handle = nullptr;
  ASSERT_EQ(abi->create(&options, &handle, nullptr, 0), 0);
  Sink sink;
  ASSERT_EQ(abi->render(handle, PROCVIEW_FILE_SWAPS, 7, &Collect, &sink, nullptr), 0);
  EXPECT_EQ(sink.text,
            "swap=1 cfs=1 loadavg=0 proc_root=/proc sys_root=/sys cgroup_root=/sys/fs/cgroup\n");
  abi->destroy(handle);
}

TEST(AbiCreate, FailureReturnsErrnoAndReason) {
  const procview_abi* abi = procview_abi_get();
  procview_options options = {};
  options.struct_size = sizeof(options);
  options.proc_root = "/fail";
  procview_handle* handle = reinterpret_cast<procview_handle*>(&options);
  char err[16];
  EXPECT_EQ(abi->create(&options, &handle, err, sizeof(err)), -ENOENT);
  EXPECT_EQ(handle, nullptr);
  EXPECT_EQ(std::strlen(err), sizeof(err) - 1);  // truncated, terminated
  EXPECT_EQ(std::string(err), std::string("NOT_FOUND: fake: /fail").substr(0, 15));
}

TEST_F(AbiTest, RendersWholeFileAndInfo) {
  Sink sink;
  procview_render_info info;
  ASSERT_EQ(Render(PROCVIEW_FILE_MEMINFO, 42, &sink, &info), 0);
  EXPECT_EQ(sink.text.rfind("proc/meminfo line 0 pid 42\n", 0), 0u);
  EXPECT_NE(sink.text.find("\nend "), std::string::npos);
  EXPECT_EQ(info.container_init, 1042);
  EXPECT_EQ(info.host_fallback, 0u);
  EXPECT_STREQ(info.detail, "/fake/42");
}

TEST_F(AbiTest, ReportsHostFallbackWithReason) {
  Sink sink;
  procview_render_info info;
  ASSERT_EQ(Render(PROCVIEW_FILE_STAT, 0, &sink, &info), 0);
  EXPECT_EQ(info.host_fallback, 1u);
  EXPECT_STREQ(info.detail, "fake: reader 0 is the host");
}

TEST_F(AbiTest, CgroupPathOnlyWhenAskedOrCallerPredatesTheAsk) {
  Sink sink;
  procview_render_info info;
  std::memset(&info, 0x5a, sizeof(info));
  info.struct_size = sizeof(info);
  info.want = 0;
  ASSERT_EQ(abi_->render(handle_, PROCVIEW_FILE_MEMINFO, 42, &Collect, &sink, &info), 0);
  EXPECT_EQ(info.container_init, 1042);
  EXPECT_STREQ(info.detail, "");
  ASSERT_EQ(abi_->render(handle_, PROCVIEW_FILE_STAT, 0, &Collect, &sink, &info), 0);
  EXPECT_STREQ(info.detail, "fake: reader 0 is the host");  // reasons always come
  // A caller built before `want` existed gets the path, as it always did.
  std::memset(&info, 0x5a, sizeof(info));
  info.struct_size = offsetof(procview_render_info, want);
  ASSERT_EQ(abi_->render(handle_, PROCVIEW_FILE_MEMINFO, 42, &Collect, &sink, &info), 0);
  EXPECT_STREQ(info.detail, "/fake/42");
  EXPECT_EQ(info.want, 0x5a5a5a5au);  // beyond its struct: untouched
}

TEST_F(AbiTest, MapsStatusCodesToNegativeErrno) {
  const struct {
    int32_t pid;
    int expected;
  } cases[] = {{-1, -ENOENT}, {-2, -EACCES}, {-3, -EINVAL}, {-4, -EIO}};
  for (const auto& c : cases) {
    Sink sink;
    procview_render_info info;
    EXPECT_EQ(Render(PROCVIEW_FILE_UPTIME, c.pid, &sink, &info), c.expected) << c.pid;
    EXPECT_EQ(sink.calls, 0);
    EXPECT_NE(std::strstr(info.detail, "fake:"), nullptr) << info.detail;
  }
}

TEST_F(AbiTest, RenderTextHandsOverTheSameTextAndInfo) {
  ASSERT_GE(abi_->struct_size, offsetof(procview_abi, release_text) + sizeof(void*));
  Sink sink;
  procview_render_info info;
  ASSERT_EQ(Render(PROCVIEW_FILE_DISKSTATS, 42, &sink, &info), 0);
  procview_render_info text_info;
  std::memset(&text_info, 0x5a, sizeof(text_info));
  text_info.struct_size = sizeof(text_info);
  text_info.want = PROCVIEW_INFO_CGROUP;
  procview_text text;
  ASSERT_EQ(abi_->render_text(handle_, PROCVIEW_FILE_DISKSTATS, 42, &text, &text_info), 0);
  EXPECT_EQ(std::string(text.data, text.size), sink.text);
  EXPECT_EQ(text_info.container_init, info.container_init);
  EXPECT_STREQ(text_info.detail, info.detail);
  abi_->release_text(&text);  // a leak or double free fails the sanitized runs
  EXPECT_EQ(text.owner, nullptr);
  EXPECT_EQ(text.size, 0u);
  abi_->release_text(&text);  // released twice: a no-op
  abi_->release_text(nullptr);
}

TEST_F(AbiTest, RenderTextFailureLeavesNothingToRelease) {
  procview_text text = {"x", 1, &text};
  procview_render_info info;
  std::memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  EXPECT_EQ(abi_->render_text(handle_, PROCVIEW_FILE_UPTIME, -2, &text, &info), -EACCES);
  EXPECT_EQ(text.data, nullptr);
  EXPECT_EQ(text.owner, nullptr);
  EXPECT_NE(std::strstr(info.detail, "fake: denied"), nullptr) << info.detail;
  EXPECT_EQ(abi_->render_text(handle_, PROCVIEW_FILE_UPTIME, 1, nullptr, &info), -EINVAL);
}

TEST_F(AbiTest, UnknownFileIsEnoent) {
  Sink sink;
  procview_render_info info;
  EXPECT_EQ(Render(PROCVIEW_FILE_COUNT_V1, 1, &sink, &info), -ENOENT);
  EXPECT_EQ(Render(0xffffffffu, 1, &sink, &info), -ENOENT);
}

TEST_F(AbiTest, WriterErrorAbortsRender) {
  Sink sink;
  sink.fail_with = -ENOSPC;
  procview_render_info info;
  EXPECT_EQ(Render(PROCVIEW_FILE_CPUINFO, 3, &sink, &info), -ENOSPC);
}

TEST_F(AbiTest, NullInfoAndSmallInfoAreAccepted) {
  Sink sink;
  EXPECT_EQ(abi_->render(handle_, PROCVIEW_FILE_LOADAVG, 5, &Collect, &sink, nullptr), 0);
  procview_render_info info;
  std::memset(&info, 0x5a, sizeof(info));
  info.struct_size = 4;  // a caller from the future/past with no room
  EXPECT_EQ(abi_->render(handle_, PROCVIEW_FILE_LOADAVG, 5, &Collect, &sink, &info), 0);
  EXPECT_EQ(info.host_fallback, 0x5a5a5a5au);  // untouched
}

TEST_F(AbiTest, VisibleCpusAsksForRoomWhenTooSmall) {
  uint32_t count = 0;
  int32_t cpus[4] = {-1, -1, -1, -1};
  EXPECT_EQ(abi_->visible_cpus(handle_, 9, cpus, 1, &count), -ERANGE);
  EXPECT_EQ(count, 2u);
  ASSERT_EQ(abi_->visible_cpus(handle_, 9, cpus, 4, &count), 0);
  EXPECT_EQ(std::vector<int32_t>(cpus, cpus + count), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(abi_->visible_cpus(handle_, -1, cpus, 4, &count), -ENOENT);
}

}  // namespace
