// text.h: rendered bytes and what frees them.
//
// A file's text is made once and then only read, by the open file that
// holds it: replies are sent from it under the file's lock, so it has one
// owner and needs no shared count (nor the allocation of one) per read.
#ifndef PROCVIEW_FRONTENDS_FUSE_TEXT_H_
#define PROCVIEW_FRONTENDS_FUSE_TEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {

class Text {
 public:
  Text() = default;
  // Takes over the daemon's own `text` (moved, not copied).
  static Text Own(std::string text) {
    Text out;
    out.own_ = std::move(text);
    return out;
  }
  // A text the library handed over: `release` frees it when this text is
  // dropped, and `library` keeps the code of `release` loaded until then.
  static Text Lent(procview_text text, void (*release)(procview_text*),
                   std::shared_ptr<const void> library) {
    Text out;
    out.lent_ = text;
    out.release_ = release;
    out.library_ = std::move(library);
    return out;
  }

  Text(Text&& other) noexcept { *this = std::move(other); }
  Text& operator=(Text&& other) noexcept {
    if (this == &other) return *this;
    Release();
    own_ = std::move(other.own_);
    lent_ = other.lent_;
    release_ = other.release_;
    library_ = std::move(other.library_);
    other.release_ = nullptr;
    return *this;
  }
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;
  ~Text() { Release(); }

  std::string_view bytes() const {
    return release_ != nullptr ? std::string_view(lent_.data, lent_.size) : std::string_view(own_);
  }

 private:
  void Release() {
    if (release_ == nullptr) return;
    release_(&lent_);
    release_ = nullptr;
    library_.reset();  // after the release: its code is the library's
  }

  std::string own_;
  procview_text lent_ = {nullptr, 0, nullptr};
  void (*release_)(procview_text*) = nullptr;  // set for a lent text
  std::shared_ptr<const void> library_;
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_TEXT_H_
