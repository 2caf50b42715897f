// library.cc: dlopen of private copies of libprocview.so, ABI checks, and
// the generation swap behind SIGUSR1.

#include "frontends/fuse/library.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/fd_closer.h"

namespace procview {
namespace fuse {
namespace {


// ErrnoToStatus appends strerror(error) itself.
absl::Status ErrnoError(int error, const std::string& what) {
  return absl::ErrnoToStatus(error, what);
}

// Copies `from` to the new file `to` (which must not exist).
absl::Status CopyFile(const std::string& from, const std::string& to) {
  FdCloser in(open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return ErrnoError(errno, absl::StrCat("open ", from));
  FdCloser out(open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700));
  if (out.get() < 0) return ErrnoError(errno, absl::StrCat("create ", to));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = read(in.get(), buffer, sizeof(buffer));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("read ", from));
    }
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = write(out.get(), buffer + done, got - done);
      if (put < 0) {
        if (errno == EINTR) continue;
        return ErrnoError(errno, absl::StrCat("write ", to));
      }
      done += put;
    }
  }
  if (fsync(out.get()) != 0 && errno != EINVAL) return ErrnoError(errno, "fsync " + to);
  return absl::OkStatus();
}

// dlopens a private copy of `path`; the copy is unlinked before returning.
absl::StatusOr<void*> OpenPrivateCopy(const std::string& path, const std::string& scratch_dir,
                                      uint64_t number) {
  const std::string copy =
      absl::StrCat(scratch_dir, "/.procviewfs-", getpid(), "-", number, ".so");
  unlink(copy.c_str());  // a leftover of a crashed daemon that had our pid
  absl::Status copied = CopyFile(path, copy);
  if (!copied.ok()) {
    unlink(copy.c_str());
    if (absl::IsNotFound(copied)) return copied;
    return absl::InternalError(copied.message());
  }
  dlerror();
  void* dl = dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
  const char* error = dl == nullptr ? dlerror() : nullptr;
  unlink(copy.c_str());  // the mapping keeps the code alive
  if (dl == nullptr) {
    return absl::InternalError(absl::StrCat("dlopen ", path, ": ", error ? error : "?"));
  }
  return dl;
}

// Checks the table a library returned before anything in it is called.
// The first version's table ended before render_text.
constexpr size_t kOldestTableSize = offsetof(procview_abi, render_text);

// Whether the library's table reaches the two text entries, both set.
bool HasRenderText(const procview_abi& abi) {
  return abi.struct_size >= offsetof(procview_abi, release_text) + sizeof(abi.release_text) &&
         abi.render_text != nullptr && abi.release_text != nullptr;
}

absl::Status CheckTable(const procview_abi* abi, const std::string& path) {
  if (abi == nullptr) return absl::FailedPreconditionError(path + ": procview_abi_get() is null");
  if (abi->abi_version != PROCVIEW_ABI_VERSION) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": ABI version ", abi->abi_version,
                                                      ", this daemon needs ",
                                                      PROCVIEW_ABI_VERSION));
  }
  if (abi->struct_size < kOldestTableSize) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": ABI table of ", abi->struct_size,
                                                      " bytes, need ", kOldestTableSize));
  }
  if (abi->version == nullptr || abi->file_path == nullptr || abi->create == nullptr ||
      abi->destroy == nullptr || abi->render == nullptr || abi->visible_cpus == nullptr) {
    return absl::FailedPreconditionError(path + ": ABI table has null entries");
  }
  return absl::OkStatus();
}

int AppendToString(void* ctx, const char* data, size_t size) {
  static_cast<std::string*>(ctx)->append(data, size);
  return 0;
}

}  // namespace

LibraryGeneration::LibraryGeneration(void* dl, const procview_abi* abi, procview_handle* handle,
                                     uint64_t number)
    : dl_(dl), abi_(abi), handle_(handle), number_(number), version_(abi->version) {}

LibraryGeneration::~LibraryGeneration() {
  abi_->destroy(handle_);
  dlclose(dl_);
}

absl::StatusOr<std::unique_ptr<LibraryGeneration>> LibraryGeneration::Load(
    const LibrarySettings& settings, uint64_t number) {
  absl::StatusOr<void*> dl = OpenPrivateCopy(settings.path, settings.scratch_dir, number);
  if (!dl.ok()) return dl.status();
  auto get = reinterpret_cast<procview_abi_get_fn>(dlsym(*dl, PROCVIEW_ABI_ENTRY_POINT));
  if (get == nullptr) {
    dlclose(*dl);
    return absl::NotFoundError(
        absl::StrCat(settings.path, ": no symbol " PROCVIEW_ABI_ENTRY_POINT));
  }
  const procview_abi* abi = get();
  if (absl::Status checked = CheckTable(abi, settings.path); !checked.ok()) {
    dlclose(*dl);
    return checked;
  }
  procview_options options = {};
  options.struct_size = sizeof(options);
  options.flags = settings.flags;
  procview_handle* handle = nullptr;
  char error[256] = "";
  const int created = abi->create(&options, &handle, error, sizeof(error));
  if (created != 0 || handle == nullptr) {
    dlclose(*dl);
    return absl::InternalError(absl::StrCat(settings.path, ": create failed (",
                                            strerror(-created), "): ", error));
  }
  return std::unique_ptr<LibraryGeneration>(new LibraryGeneration(*dl, abi, handle, number));
}

int LibraryGeneration::Render(uint32_t file, pid_t reader, Text* out,
                              procview_render_info* info) const {
  if (!HasRenderText(*abi_)) {  // an older library: copy through the callback
    std::string text;
    const int result = abi_->render(handle_, file, reader, &AppendToString, &text, info);
    if (result == 0) *out = Text::Own(std::move(text));
    return result;
  }
  procview_text text = {nullptr, 0, nullptr};
  const int result = abi_->render_text(handle_, file, reader, &text, info);
  if (result != 0) return result;
  std::shared_ptr<const LibraryGeneration> self = weak_from_this().lock();
  if (self == nullptr) {  // not shared: nothing could keep it loaded
    *out = Text::Own(std::string(text.data, text.size));
    abi_->release_text(&text);
    return 0;
  }
  // The library frees its own buffer, so the text holds this generation.
  *out = Text::Lent(text, abi_->release_text, std::move(self));
  return 0;
}

int LibraryGeneration::VisibleCpus(pid_t reader, std::vector<int>* cpus) const {
  uint32_t count = 0;
  std::vector<int32_t> buffer(64);
  for (int attempt = 0; attempt < 4; ++attempt) {
    const int result = abi_->visible_cpus(handle_, reader, buffer.data(),
                                          static_cast<uint32_t>(buffer.size()), &count);
    if (result == -ERANGE && count > buffer.size()) {
      buffer.resize(count);  // the set may grow again before the next call
      continue;
    }
    if (result != 0) return result;
    cpus->assign(buffer.begin(), buffer.begin() + std::min<size_t>(count, buffer.size()));
    return 0;
  }
  return -ERANGE;
}

const char* LibraryGeneration::FilePath(uint32_t file) const {
  return file < abi_->file_count ? abi_->file_path(file) : nullptr;
}

Library::Library(LibrarySettings settings, Logger* log)
    : settings_(std::move(settings)), log_(log) {}

absl::Status Library::LoadInitial() { return Reload(); }

absl::Status Library::Reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  uint64_t number;
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    number = next_number_++;
  }
  absl::StatusOr<std::unique_ptr<LibraryGeneration>> loaded =
      LibraryGeneration::Load(settings_, number);
  if (!loaded.ok()) {
    log_->Error("library %s not loaded, keeping the current one: %s", settings_.path,
                loaded.status().ToString());
    return loaded.status();
  }
  log_->Info("library generation %d loaded: %s (%s)", number, (*loaded)->version(),
             settings_.path);
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    if (current_ != nullptr) retired_.push_back(std::move(current_));
    current_ = std::move(*loaded);
  }
  ReapRetired();
  return absl::OkStatus();
}

std::shared_ptr<const LibraryGeneration> Library::Current() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return current_;
}

size_t Library::ReapRetired() {
  std::vector<std::shared_ptr<const LibraryGeneration>> idle;
  size_t busy;
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    // Retired generations are never handed out again, so a use count of 1
    // (our own) cannot grow back while we hold the lock.
    auto keep = retired_.begin();
    for (auto& generation : retired_) {
      if (generation.use_count() == 1) {
        idle.push_back(std::move(generation));
      } else {
        *keep++ = std::move(generation);
      }
    }
    retired_.erase(keep, retired_.end());
    busy = retired_.size();
  }
  for (const auto& generation : idle) {
    log_->Debug("library generation %d unloaded", generation->number());
  }
  idle.clear();  // destroy + dlclose outside the lock
  return busy;
}

}  // namespace fuse
}  // namespace procview
