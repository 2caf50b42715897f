// fd_closer.h: closes a file descriptor when it goes out of scope, so every
// return path of a read releases it.
#ifndef PROCVIEW_FD_CLOSER_H_
#define PROCVIEW_FD_CLOSER_H_

#include <unistd.h>

namespace procview {

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  int get() const { return fd_; }

 private:
  const int fd_;
};

}  // namespace procview

#endif  // PROCVIEW_FD_CLOSER_H_
