// spare_block.h: keeps one freed block of a fixed size for the next
// allocation of it.
//
// Some small objects are made and freed once per read, on different
// threads (a text's holder: made at open, freed at release). Keeping the
// last freed block saves the allocator's path both ways; a second block
// freed while one is kept goes back to the allocator. Thread-safe.
#ifndef PROCVIEW_SPARE_BLOCK_H_
#define PROCVIEW_SPARE_BLOCK_H_

#include <atomic>
#include <cstddef>
#include <new>

namespace procview {

template <size_t kSize>
class SpareBlock {
 public:
  SpareBlock() = default;
  SpareBlock(const SpareBlock&) = delete;
  SpareBlock& operator=(const SpareBlock&) = delete;
  ~SpareBlock() { ::operator delete(slot_.exchange(nullptr)); }

  // kSize bytes: the kept block, or a new one.
  void* Allocate() {
    void* block = slot_.exchange(nullptr, std::memory_order_acquire);
    return block != nullptr ? block : ::operator new(kSize);
  }
  // Takes back a block from Allocate(): kept, or freed when one already is.
  void Free(void* block) {
    void* expected = nullptr;
    if (!slot_.compare_exchange_strong(expected, block, std::memory_order_release,
                                       std::memory_order_relaxed)) {
      ::operator delete(block);
    }
  }

 private:
  std::atomic<void*> slot_{nullptr};
};

}  // namespace procview

#endif  // PROCVIEW_SPARE_BLOCK_H_
