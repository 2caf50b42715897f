// host_sizes.cc: counting host file sizes for st_size.

#include "frontends/fuse/host_sizes.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace procview {
namespace fuse {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxCount = 16u << 20;

}  // namespace

uint64_t SizeBound(uint64_t host_bytes) {
  return (host_bytes + kPage - 1) / kPage * kPage + kPage;
}

uint64_t CountBytes(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buffer[16 * 1024];
  uint64_t total = 0;
  while (total < kMaxCount) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    total += static_cast<uint64_t>(got);
  }
  close(fd);
  return total;
}

uint64_t HostSizes::Bound(const std::string& relpath) {
  const time_t now = time(nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(relpath);
    if (it != cache_.end() && it->second.counted_at == now) return it->second.bound;
  }
  // Counted outside the lock: two racing counts just both store a bound.
  const uint64_t bound = SizeBound(CountBytes(root_ + "/" + relpath));
  std::lock_guard<std::mutex> lock(mu_);
  cache_[relpath] = Cached{bound, now};
  return bound;
}

}  // namespace fuse
}  // namespace procview
