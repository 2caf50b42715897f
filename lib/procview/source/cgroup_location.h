// cgroup_location.h: one opened cgroup's directories and the reads of its
// files that cgroup_fs.cc composes into readings.
#ifndef PROCVIEW_SOURCE_CGROUP_LOCATION_H_
#define PROCVIEW_SOURCE_CGROUP_LOCATION_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/procview/procview.h"
#include "lib/procview/readings.h"
#include "lib/procview/source/cgroup_files.h"

namespace procview {

// A cgroup inside one hierarchy, with its directories joined once when the
// cgroup is opened, so reads join no paths.
struct Location {
  Location(const std::string& hierarchy, const std::string& path, bool v2)
      : dirs_up_to_root(DirsUpToRoot(hierarchy, path, v2)), v2(v2) {}

  const std::string& Dir() const { return dirs_up_to_root.front(); }

  // The cgroup's directory, then each ancestor's up to the hierarchy root,
  // where limits are looked for. The kernel's own root cgroup, which takes
  // no limits, is left out (unless it is the cgroup itself); the root of a
  // cgroup namespace (a nested procview's view) is a cgroup like any other
  // and stays.
  std::vector<std::string> dirs_up_to_root;
  bool v2 = false;  // a cgroup2 hierarchy: use the v2 file names

 private:
  // `path` is "/a/b" as in /proc/PID/cgroup; `hierarchy` its root directory.
  static std::vector<std::string> DirsUpToRoot(const std::string& hierarchy, std::string p,
                                               bool v2);
};

// Whether `dir` is a hierarchy's real root cgroup: on v1 it alone has
// release_agent; on v2 it alone lacks cgroup.type.
bool IsKernelRootCgroup(const std::string& dir, bool v2);

// Reads the first of `reading`'s files that exists in `dir`.
absl::StatusOr<std::string> ReadIn(const std::string& dir, CgroupReading reading, bool v2);

// ReadIn into `buffer`: the text, valid until `buffer`'s next read. Same
// statuses as ReadIn.
absl::StatusOr<std::string_view> ReadIn(const std::string& dir, CgroupReading reading, bool v2,
                                        TextBuffer* buffer);

// ReadIn of a file that may be absent: nullopt when none of `reading`'s
// files is in `dir` (nothing is built for the miss).
absl::StatusOr<std::optional<std::string_view>> ReadIfIn(const std::string& dir,
                                                         CgroupReading reading, bool v2,
                                                         TextBuffer* buffer);

// DIR/NAME read into `buffer`: the text, valid until `buffer`'s next read.
// A file that does not exist is a NotFound without a message (the caller
// explains it); other errors as ReadFileIn's.
absl::StatusOr<std::string_view> ReadFileInto(const std::string& dir, std::string_view name,
                                              TextBuffer* buffer);

// The first of `reading`'s files that exists in `dir`, read into `buffer`;
// `*index` (when given) is its position among FilesOf(reading)'s names for
// this cgroup version. When none exists, the NotFound of the last one tried,
// unexplained (ReadIn explains it).
absl::StatusOr<std::string_view> ReadFirstIn(const std::string& dir, CgroupReading reading,
                                             bool v2, TextBuffer* buffer,
                                             size_t* index = nullptr);

// The lowest limit on the path from `where` up to its root. The cgroup's
// own file must exist; ancestors without one (the v2 root) are skipped.
absl::StatusOr<Limit> LowestLimit(const Location& where, CgroupReading reading,
                                  absl::StatusOr<Limit> (*parse)(std::string_view));

// The lowest CPU quota on the path; nullopt when none is set (or the cpu
// controller is absent).
absl::StatusOr<std::optional<double>> LowestQuota(const Location& where);

// Appends the pids listed in `top`'s task file and its descendants' (see
// CollectTasks in cgroup_location.cc for the bounds).
absl::Status CollectTasks(const std::string& top, bool v2, TaskIds* out);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CGROUP_LOCATION_H_
