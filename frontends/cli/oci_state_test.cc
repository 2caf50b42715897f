// oci_state_test.cc: state and config.json field extraction, on documents
// shaped like the ones runc and crun write.
#include "frontends/cli/oci_state.h"

#include "gtest/gtest.h"

namespace procview::cli {
namespace {

// What runc 1.1 writes to a prestart hook's stdin.
constexpr char kRuncState[] =
    R"({"ociVersion":"1.0.2-dev","id":"tkA","status":"created","pid":24185,)"
    R"("bundle":"/tmp/tk/bundle","annotations":{"a":"b"}})";

TEST(OciState, ReadsPidBundleAndId) {
  absl::StatusOr<OciState> state = ParseOciState(kRuncState);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->pid, 24185);
  EXPECT_EQ(state->bundle, "/tmp/tk/bundle");
  EXPECT_EQ(state->id, "tkA");
}

// crun's createContainer hook state: pid 0, the hook runs in the container.
TEST(OciState, AcceptsPidZeroFromCrunCreateContainer) {
  absl::StatusOr<OciState> state = ParseOciState(
      R"({"ociVersion":"1.0","id":"tk7","pid":0,"root":"rootfs","bundle":"/tmp/tk/bundle",)"
      R"("status":"created"})");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->pid, 0);
  EXPECT_EQ(state->bundle, "/tmp/tk/bundle");
}

TEST(OciState, AcceptsPreOneZeroBundlePath) {
  absl::StatusOr<OciState> state = ParseOciState(R"({"pid": 7, "bundlePath": "/b"})");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->bundle, "/b");
}

TEST(OciState, RejectsMissingOrBadPidAndBundle) {
  EXPECT_FALSE(ParseOciState(R"({"bundle": "/b"})").ok());
  EXPECT_FALSE(ParseOciState(R"({"pid": -1, "bundle": "/b"})").ok());
  EXPECT_FALSE(ParseOciState(R"({"pid": "7", "bundle": "/b"})").ok());
  EXPECT_FALSE(ParseOciState(R"({"pid": 7})").ok());
  EXPECT_FALSE(ParseOciState(R"([7])").ok());
  EXPECT_FALSE(ParseOciState(R"({"pid": 7, "bundle": "/b")").ok());
}

TEST(OciConfig, ReadsRootPath) {
  absl::StatusOr<std::string> path =
      ParseRootPath(R"({"ociVersion":"1.0.2","root":{"path":"rootfs","readonly":true}})");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(*path, "rootfs");
  EXPECT_FALSE(ParseRootPath(R"({"root":{}})").ok());
  EXPECT_FALSE(ParseRootPath(R"({"root":{"path":""}})").ok());
}

TEST(OciConfig, ResolvesRelativeRootAgainstBundle) {
  EXPECT_EQ(ResolveRootfs("/b/", "rootfs"), "/b/rootfs");
  EXPECT_EQ(ResolveRootfs("/b", "/abs/root"), "/abs/root");
}

}  // namespace
}  // namespace procview::cli
