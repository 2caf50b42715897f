// library.h: the loaded libprocview.so and its live replacement.
//
// A LibraryGeneration is one dlopen of the library with its handle. Library
// keeps the current generation; readers take a reference for the length of
// one call, so Reload() swaps the pointer at once and in-flight renders
// finish on the old generation, which is unloaded once they are done.
//
// glibc's dlopen returns the already loaded object when the path (or the
// inode) matches one it has open, so after `rename(new, path)` a plain
// dlopen(path) would hand back the old code. Every load therefore copies the
// file to a unique name in a scratch directory, dlopens the copy and unlinks
// it. The copy also protects the daemon from a library overwritten in place.
#ifndef PROCVIEW_FRONTENDS_FUSE_LIBRARY_H_
#define PROCVIEW_FRONTENDS_FUSE_LIBRARY_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "frontends/fuse/log.h"
#include "frontends/fuse/text.h"
#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {

// What every generation is created with.
struct LibrarySettings {
  std::string path;         // the library file, re-read on every Reload()
  std::string scratch_dir;  // where private copies are made (must allow exec)
  uint32_t flags = 0;       // PROCVIEW_OPT_*
};

// One loaded copy of the library and its handle. Thread-safe.
class LibraryGeneration : public std::enable_shared_from_this<LibraryGeneration> {
 public:
  // Copies, dlopens and checks the library, then creates its handle.
  // FailedPrecondition for a wrong ABI, NotFound for a missing file or
  // entry point, Internal for dlopen or create() errors; the message says why.
  static absl::StatusOr<std::unique_ptr<LibraryGeneration>> Load(const LibrarySettings& settings,
                                                                 uint64_t number);
  ~LibraryGeneration();
  LibraryGeneration(const LibraryGeneration&) = delete;
  LibraryGeneration& operator=(const LibraryGeneration&) = delete;

  // Renders `file` for `reader` into *out (replacing it). Returns 0 or -errno.
  // A library with render_text hands its buffer over without a copy; the
  // text then keeps this generation loaded until it is freed, so it must
  // be owned by a shared_ptr (as Library's generations are).
  int Render(uint32_t file, pid_t reader, Text* out, procview_render_info* info) const;
  // Host CPUs visible to `reader`, container cpu0 first. Returns 0 or -errno.
  int VisibleCpus(pid_t reader, std::vector<int>* cpus) const;
  // "proc/meminfo" etc., or nullptr when this library does not know `file`.
  const char* FilePath(uint32_t file) const;
  uint32_t file_count() const { return abi_->file_count; }

  const std::string& version() const { return version_; }
  uint64_t number() const { return number_; }

 private:
  LibraryGeneration(void* dl, const procview_abi* abi, procview_handle* handle, uint64_t number);

  void* const dl_;
  const procview_abi* const abi_;
  procview_handle* const handle_;
  const uint64_t number_;
  const std::string version_;
};

// The current generation plus retired ones still in use. Thread-safe.
class Library {
 public:
  Library(LibrarySettings settings, Logger* log);
  // Waits for nothing: the caller must have stopped all readers.
  ~Library() = default;

  // Loads generation 1. The daemon refuses to start when this fails.
  absl::Status LoadInitial();
  // Loads the file at settings.path again and makes it current. On error the
  // current generation stays and the error is returned (and logged).
  absl::Status Reload();
  // The generation to use for one call; never null after LoadInitial().
  std::shared_ptr<const LibraryGeneration> Current() const;
  // Unloads retired generations nobody uses any more; returns how many are
  // still busy.
  size_t ReapRetired();
  const LibrarySettings& settings() const { return settings_; }

 private:
  const LibrarySettings settings_;
  Logger* const log_;
  // std (pthread) locks rather than absl::Mutex: the system abseil is not
  // built for ThreadSanitizer, which then cannot see its synchronisation.
  mutable std::shared_mutex mu_;  // guards the three fields below
  uint64_t next_number_ = 1;
  std::shared_ptr<const LibraryGeneration> current_;
  std::vector<std::shared_ptr<const LibraryGeneration>> retired_;
  std::mutex reload_mu_;  // one load at a time
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_LIBRARY_H_
