// cached_cgroup_tree.h: a CgroupTree that opens each container's cgroups
// once per /proc/PID/cgroup text instead of on every read.
#ifndef PROCVIEW_SOURCE_CACHED_CGROUP_TREE_H_
#define PROCVIEW_SOURCE_CACHED_CGROUP_TREE_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "lib/procview/procview.h"

namespace procview {

// How many opened containers a CachedCgroupTree keeps by default. An entry
// is the cgroup text plus the opened paths (about 2-4 kB), so the default
// bounds the cache near 2 MB however many containers exist.
inline constexpr size_t kDefaultCgroupCacheEntries = 512;

// Wraps a tree whose sources hold only *where* the cgroups are and read
// every value from the files on every call (CgroupFs). Opening costs more
// than a read (parse the text, build and stat every hierarchy path), and
// the paths named by a given text do not change, so the opened source is
// kept, keyed by the exact text, least recently used first out.
//
// Invisible to callers: values are never cached. Open errors are not
// cached. Any NotFound from a kept source's methods (the cgroup was
// removed, or a controller was absent when it was opened) drops the entry,
// so the next Open with that text re-opens from scratch and answers exactly
// what the wrapped tree answers then. Thread-safe; the lock is held only to
// look up, insert or drop an entry, never during I/O.
//
// Do not wrap trees whose sources snapshot values at Open (MapTree).
std::unique_ptr<CgroupTree> NewCachedCgroupTree(
    std::unique_ptr<CgroupTree> tree, size_t max_entries = kDefaultCgroupCacheEntries);

}  // namespace procview

#endif  // PROCVIEW_SOURCE_CACHED_CGROUP_TREE_H_
