// fd_closer.h: closes a file descriptor when it goes out of scope, so every
// return path of a read releases it.
#ifndef PROCVIEW_FD_CLOSER_H_
#define PROCVIEW_FD_CLOSER_H_

#include <sys/syscall.h>
#include <unistd.h>

namespace procview {

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  // close(2) made straight to the kernel: glibc's wrapper of this
  // cancellation point adds ~30 instructions, and the library closes
  // several files per read. Nothing here is ever cancelled mid-call.
  ~FdCloser() {
    if (fd_ >= 0) syscall(SYS_close, fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  int get() const { return fd_; }

 private:
  const int fd_;
};

}  // namespace procview

#endif  // PROCVIEW_FD_CLOSER_H_
