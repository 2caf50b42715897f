// open_file.cc: per-open render buffer and offset slicing.

#include "frontends/fuse/open_file.h"

#include <algorithm>
#include <utility>

namespace procview {
namespace fuse {

int OpenFile::Fill(pid_t reader, const RenderFn& render) {
  std::string fresh;
  const int result = render(reader, &fresh);
  if (result != 0) return result;
  std::lock_guard<std::mutex> lock(mu_);
  content_ = std::move(fresh);
  read_since_render_ = false;
  return 0;
}

int OpenFile::Read(uint64_t offset, size_t size, pid_t reader, const RenderFn& render,
                   std::string* out) {
  out->clear();
  std::lock_guard<std::mutex> lock(mu_);
  if (offset == 0 && read_since_render_) {
    std::string fresh;
    const int result = render(reader, &fresh);
    if (result != 0) return result;
    content_ = std::move(fresh);
  }
  read_since_render_ = true;
  if (offset < content_.size()) {
    out->assign(content_, offset, std::min<uint64_t>(size, content_.size() - offset));
  }
  return 0;
}

size_t OpenFile::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return content_.size();
}

int OpenFile::LastByte() const {
  std::lock_guard<std::mutex> lock(mu_);
  return content_.empty() ? -1 : static_cast<unsigned char>(content_.back());
}

}  // namespace fuse
}  // namespace procview
