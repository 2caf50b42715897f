// fuzz_pieces.h: splits one fuzz input into NUL-separated pieces, so a
// single input can stand for several files (or several arguments).
#ifndef PROCVIEW_FUZZ_FUZZ_PIECES_H_
#define PROCVIEW_FUZZ_FUZZ_PIECES_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace procview {

// The pieces of `data` between NUL bytes (a trailing piece may be empty).
inline std::vector<std::string_view> FuzzPieces(const uint8_t* data, size_t size) {
  std::vector<std::string_view> pieces;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (true) {
    const size_t nul = rest.find('\0');
    pieces.push_back(rest.substr(0, nul));
    if (nul == std::string_view::npos) break;
    rest.remove_prefix(nul + 1);
  }
  return pieces;
}

// Piece `i`, or "" past the end.
inline std::string_view PieceOr(const std::vector<std::string_view>& pieces, size_t i) {
  return i < pieces.size() ? pieces[i] : std::string_view();
}

// Aborts (a finding for the fuzzer) when an invariant fails.
#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      __builtin_fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, \
                        #cond);                                                       \
      __builtin_abort();                                                              \
    }                                                                                 \
  } while (0)

}  // namespace procview

#endif  // PROCVIEW_FUZZ_FUZZ_PIECES_H_
