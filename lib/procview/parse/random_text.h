// random_text.h: random texts for the tests that compare a fast scan with a
// simple definition of what it must accept.
#ifndef PROCVIEW_PARSE_RANDOM_TEXT_H_
#define PROCVIEW_PARSE_RANDOM_TEXT_H_

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

namespace procview {

// Fewer than `max_size` bytes, each drawn from `alphabet` (repeat a byte
// there to draw it more often).
inline std::string RandomText(std::mt19937* random, std::string_view alphabet,
                              size_t max_size) {
  std::string text;
  const size_t size = (*random)() % max_size;
  for (size_t i = 0; i < size; ++i) text += alphabet[(*random)() % alphabet.size()];
  return text;
}

}  // namespace procview

#endif  // PROCVIEW_PARSE_RANDOM_TEXT_H_
