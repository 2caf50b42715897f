// fixture_tree.h: test-only copies of recorded cgroup/proc fixture trees,
// with %-encoded names (" " as %20, ":" as %3A) decoded on the way.
#ifndef PROCVIEW_SOURCE_FIXTURE_TREE_H_
#define PROCVIEW_SOURCE_FIXTURE_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace procview {

// Copies the runfiles directory `fixture` (e.g. "tests/fixtures/cgroup-v1")
// to a fresh directory under TEST_TMPDIR and returns that directory.
absl::StatusOr<std::string> CopyFixtureTree(const std::string& fixture);

// The text of runfiles file `path`.
absl::StatusOr<std::string> ReadRunfile(const std::string& path);

// Sets the value of the "KEY value" line `key` of the memory.stat in `dir`,
// as the kernel would show it after a change (a v1 hierarchical_*_limit
// after a limit write). NotFound when the file has no such line.
absl::Status SetMemoryStatLine(const std::string& dir, std::string_view key, uint64_t value);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_FIXTURE_TREE_H_
