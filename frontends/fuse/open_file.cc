// open_file.cc: per-open render buffer and offset slicing.

#include "frontends/fuse/open_file.h"

#include <algorithm>
#include <utility>

#include "lib/procview/spare_block.h"

namespace procview {
namespace fuse {
namespace {

SpareBlock<sizeof(OpenFile)> spare_open_file;

}  // namespace

void* OpenFile::operator new(size_t) { return spare_open_file.Allocate(); }
void OpenFile::operator delete(void* block) { spare_open_file.Free(block); }

int OpenFile::Fill(pid_t reader, const RenderFn& render) {
  Text fresh;
  const int result = render(reader, &fresh);
  if (result != 0) return result;
  std::lock_guard<std::mutex> lock(mu_);
  content_ = std::move(fresh);
  read_since_render_ = false;
  return 0;
}

OpenFile::~OpenFile() { std::lock_guard<std::mutex> wait(mu_); }

int OpenFile::Read(uint64_t offset, size_t size, pid_t reader, const RenderFn& render,
                   const ReplyFn& reply) {
  std::lock_guard<std::mutex> lock(mu_);
  if (offset == 0 && read_since_render_) {
    Text fresh;
    const int result = render(reader, &fresh);
    if (result != 0) return result;
    content_ = std::move(fresh);
  }
  read_since_render_ = true;
  const std::string_view all = content_.bytes();
  reply(offset < all.size() ? all.substr(offset, std::min<uint64_t>(size, all.size() - offset))
                            : std::string_view());
  return 0;
}

size_t OpenFile::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return content_.bytes().size();
}

int OpenFile::LastByte() const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string_view bytes = content_.bytes();
  return bytes.empty() ? -1 : static_cast<unsigned char>(bytes.back());
}

}  // namespace fuse
}  // namespace procview
