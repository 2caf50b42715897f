// fixture_tree.h: test-only copies of recorded cgroup/proc fixture trees,
// with %-encoded names (" " as %20, ":" as %3A) decoded on the way.
#ifndef PROCVIEW_SOURCE_FIXTURE_TREE_H_
#define PROCVIEW_SOURCE_FIXTURE_TREE_H_

#include <string>

#include "absl/status/statusor.h"

namespace procview {

// Copies the runfiles directory `fixture` (e.g. "tests/fixtures/cgroup-v1")
// to a fresh directory under TEST_TMPDIR and returns that directory.
absl::StatusOr<std::string> CopyFixtureTree(const std::string& fixture);

// The text of runfiles file `path`.
absl::StatusOr<std::string> ReadRunfile(const std::string& path);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_FIXTURE_TREE_H_
