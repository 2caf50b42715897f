// text.h: rendered bytes and the owner that keeps them alive.
//
// A file's text is made once and then only read: by the open file's buffer
// and by replies in flight on other threads. Sharing the owner lets each of
// them keep the bytes alive without a copy, whoever made them (a string of
// the daemon's, or a buffer the library handed over).
#ifndef PROCVIEW_FRONTENDS_FUSE_TEXT_H_
#define PROCVIEW_FRONTENDS_FUSE_TEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace procview {
namespace fuse {

struct Text {
  std::shared_ptr<const void> owner;  // null for an empty text
  std::string_view bytes;

  // Takes over `text` (moved, not copied).
  static Text Own(std::string text) {
    auto owned = std::make_shared<const std::string>(std::move(text));
    const std::string_view bytes(*owned);
    return Text{std::move(owned), bytes};
  }
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_TEXT_H_
