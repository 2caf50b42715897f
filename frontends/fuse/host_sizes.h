// host_sizes.h: the st_size procviewfs reports for a served file.
//
// procfs reports st_size 0, which is fine for read(2) (direct_io) but not
// for sendfile(2)/splice(2): the kernel's FUSE splice read goes through the
// page cache, which it fills only up to i_size, so a size of 0 gives 0 bytes
// (busybox cat, python os.sendfile). Like LXCFS we report a size derived
// from the host's own file, which is about as long as any container's
// rendering of it; unlike LXCFS we round it up (see SizeBound()).
#ifndef PROCVIEW_FRONTENDS_FUSE_HOST_SIZES_H_
#define PROCVIEW_FRONTENDS_FUSE_HOST_SIZES_H_

#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <string>

namespace procview {
namespace fuse {

// The size to report for a file whose host copy (or longest rendering so
// far: the daemon reports the larger) has `host_bytes` bytes: rounded up to
// a whole page, plus one page of slack.
//  - The slack keeps a container text that is longer than the host's (a swap
//    line when the host has none, wider numbers) complete under sendfile.
//  - A too-large size is harmless: the daemon's short read at the real end
//    stops the splice, and read(2) loops until a 0-byte read anyway.
//  - A page multiple marks the size as an upper bound, like sysfs's 4096:
//    GNU wc -c then counts by reading instead of trusting st_size, and GNU
//    tail -n reads the whole file when it is below its 8 KiB buffer.
uint64_t SizeBound(uint64_t host_bytes);

// Size bounds of host files, counted by reading them (procfs reports 0) and
// cached for a second so that stat() storms do not re-read the host files.
// Thread-safe.
class HostSizes {
 public:
  // `root` is prepended to "/proc/meminfo" etc. ("" for the real host).
  explicit HostSizes(std::string root = "") : root_(std::move(root)) {}

  // SizeBound() of the host file "/<relpath>" (relpath as served, e.g.
  // "proc/meminfo"). A host file that cannot be read counts as empty.
  uint64_t Bound(const std::string& relpath);

 private:
  struct Cached {
    uint64_t bound = 0;
    time_t counted_at = 0;
  };
  const std::string root_;
  std::mutex mu_;  // guards cache_
  std::map<std::string, Cached> cache_;
};

// Bytes in the file at `path`, counted by reading it to the end (at most
// 16 MiB); 0 when it cannot be opened.
uint64_t CountBytes(const std::string& path);

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_HOST_SIZES_H_
