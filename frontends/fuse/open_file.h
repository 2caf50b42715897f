// open_file.h: the daemon-owned buffer behind one open file.
//
// The whole file is rendered at open; reads slice it by offset, so any
// read size gives the same bytes (dd bs=1 == one big read). A read at
// offset 0 after the first read renders again, as procfs does, so tools
// that keep the file open and re-read it from the start (top, free -s,
// vmstat 1) see fresh numbers. Buffers live in the daemon and survive a
// library reload.
#ifndef PROCVIEW_FRONTENDS_FUSE_OPEN_FILE_H_
#define PROCVIEW_FRONTENDS_FUSE_OPEN_FILE_H_

#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <memory>
#include <string_view>
#include <utility>

#include "absl/functional/function_ref.h"
#include "frontends/fuse/text.h"


namespace procview {
namespace fuse {

struct Node;

// Fills *out with the file's text for `reader`; returns 0 or -errno. A
// reference to the caller's callable (no std::function made per read).
using RenderFn = absl::FunctionRef<int(pid_t reader, Text* out)>;
// Sends the bytes of a read to the kernel (empty past the end).
using ReplyFn = absl::FunctionRef<void(std::string_view bytes)>;

class Filesystem;

class OpenFile final {
 public:
  // One is made at every open and freed at its release: the last freed
  // block is reused.
  static void* operator new(size_t size);
  static void operator delete(void* block);

  explicit OpenFile(const Node* node) : node_(node) {}
  // Holding `content`, as if Fill had rendered it (the open's own render:
  // no lock to take before the file is shared).
  OpenFile(const Node* node, Text content) : node_(node), content_(std::move(content)) {}
  // Waits for a reply still being sent from this file: the kernel may send
  // the release as soon as the reader has its bytes, before the replying
  // thread has let go of the lock.
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  const Node* node() const { return node_; }

  // Renders the initial content (at open). Returns 0 or -errno.
  int Fill(pid_t reader, const RenderFn& render);

  // A read at offset 0 that is not the first read renders again first; if
  // that fails the old content is kept and the error returned. Otherwise
  // `reply` gets up to `size` bytes at `offset` (empty past the end), under
  // this file's lock: a re-render on another thread waits until the reply
  // is out, so the daemon replies from the buffer without a copy or a count.
  int Read(uint64_t offset, size_t size, pid_t reader, const RenderFn& render,
           const ReplyFn& reply);

  // Bytes currently buffered (for tests and logs).
  size_t size() const;
  // The last buffered byte, or -1 when the buffer is empty.
  int LastByte() const;

 private:
  // The Filesystem that owns open files links them into its list (under
  // its own lock): no map node to allocate or hash per open.
  friend class Filesystem;
  OpenFile* prev_ = nullptr;
  OpenFile* next_ = nullptr;

  const Node* const node_;
  // A std (pthread) mutex so ThreadSanitizer sees it (the system abseil is
  // not instrumented). Guards the two fields below.
  mutable std::mutex mu_;
  Text content_;
  bool read_since_render_ = false;
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_OPEN_FILE_H_
