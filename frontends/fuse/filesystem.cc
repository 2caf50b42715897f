// filesystem.cc: what procviewfs serves: the file list, attributes, and
// rendering through the loaded library (fuse_operations.cc is the protocol
// side).

#include "frontends/fuse/filesystem.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {
namespace {

double MillisSince(const struct timespec& start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start.tv_sec) * 1e3 + (now.tv_nsec - start.tv_nsec) / 1e6;
}

}  // namespace

std::vector<FileEntry> ServedFiles(const LibraryGeneration& library, bool host_pressure) {
  std::vector<FileEntry> files;
  for (uint32_t id = 0; id < library.file_count(); ++id) {
    const char* path = library.FilePath(id);
    if (path == nullptr || *path == '\0') continue;
    if (!host_pressure && absl::StartsWith(path, "proc/pressure/")) continue;
    files.push_back(FileEntry{path, NodeKind::kLibraryFile, id});
  }
  files.push_back(FileEntry{kVersionFilePath, NodeKind::kVersionFile, 0});
  return files;
}

Filesystem::Filesystem(const InodeTable* inodes, Library* library, Logger* log,
                       CpuDirectory* cpu, HostSizes* sizes)
    : inodes_(inodes),
      library_(library),
      log_(log),
      cpu_(cpu),
      sizes_(sizes),
      start_time_(time(nullptr)) {}

const Node* Filesystem::FindNode(uint64_t ino) const {
  if (const Node* node = inodes_->Find(ino)) return node;
  return cpu_ != nullptr ? cpu_->Find(ino) : nullptr;
}

std::vector<int> Filesystem::VisibleCpus(pid_t reader) {
  std::vector<int> cpus;
  const int result = library_->Current()->VisibleCpus(reader, &cpus);
  if (result == 0) return cpus;
  log_->Debug("visible cpus of pid %d: %s; showing the host's", reader, strerror(-result));
  return cpu_ != nullptr ? cpu_->HostCpus() : cpus;
}

int Filesystem::Stat(const Node& node, struct stat* st) const {
  if (node.kind == NodeKind::kPassthrough) return cpu_->Stat(node, st);
  *st = Attributes(node);
  return 0;
}

struct stat Filesystem::Attributes(const Node& node) const {
  struct stat st;
  memset(&st, 0, sizeof(st));
  st.st_ino = node.ino;
  if (node.kind == NodeKind::kDirectory) {
    st.st_mode = S_IFDIR | 0555;
    st.st_nlink = 2;
    for (const Node* child : inodes_->Children(node.ino)) {
      if (child->kind == NodeKind::kDirectory) ++st.st_nlink;
    }
  } else {
    st.st_mode = S_IFREG | 0444;
    st.st_nlink = 1;
    // An upper bound of the text (see host_sizes.h): procfs's 0 would make
    // sendfile/splice return nothing. read(2) never depends on it.
    uint64_t bound = SizeBound(0);
    if (node.kind == NodeKind::kLibraryFile && node.file_id < kTrackedFiles) {
      bound = std::max(sizes_ != nullptr ? sizes_->Bound(node.path) : bound,
                       SizeBound(longest_[node.file_id].load()));
    }
    st.st_size = static_cast<off_t>(bound);
  }
  st.st_blksize = 4096;
  st.st_atime = st.st_mtime = st.st_ctime = start_time_;
  return st;
}

Filesystem::~Filesystem() {
  while (open_head_ != nullptr) Close(open_head_);
}

OpenFile* Filesystem::Adopt(std::unique_ptr<OpenFile> file) {
  OpenFile* const raw = file.release();
  std::lock_guard<std::mutex> lock(open_mu_);
  raw->next_ = open_head_;
  if (open_head_ != nullptr) open_head_->prev_ = raw;
  open_head_ = raw;
  ++open_count_;
  return raw;
}

void Filesystem::Close(OpenFile* file) {
  {
    std::lock_guard<std::mutex> lock(open_mu_);
    (file->prev_ != nullptr ? file->prev_->next_ : open_head_) = file->next_;
    if (file->next_ != nullptr) file->next_->prev_ = file->prev_;
    --open_count_;
  }
  delete file;  // outside the lock
}

int Filesystem::open_files() const {
  std::lock_guard<std::mutex> lock(open_mu_);
  return open_count_;
}

int Filesystem::Render(const Node& node, pid_t reader, Text* out) {
  if (node.kind == NodeKind::kVersionFile || node.kind == NodeKind::kPassthrough) {
    std::string text;
    const int result = node.kind == NodeKind::kVersionFile ? RenderVersion(&text)
                                                           : cpu_->ReadFile(node, &text);
    if (result == 0) *out = Text::Own(std::move(text));
    return result;
  }
  if (node.kind != NodeKind::kLibraryFile) return -EISDIR;
  const bool debug = log_->enabled(LogLevel::kDebug);
  struct timespec start = {0, 0};
  if (debug) clock_gettime(CLOCK_MONOTONIC, &start);  // timed for the debug log only
  const std::shared_ptr<const LibraryGeneration> library = library_->Current();
  procview_render_info info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  if (debug) info.want = PROCVIEW_INFO_CGROUP;
  const int result = library->Render(node.file_id, reader, out, &info);
  if (result != 0) {
    log_->Info("render %s for pid %d failed: %s (%s)", node.path, reader, strerror(-result),
               info.detail);
    return result;
  }
  if (node.file_id < kTrackedFiles) {
    std::atomic<uint64_t>& longest = longest_[node.file_id];
    const uint64_t size = out->bytes().size();
    uint64_t seen = longest.load();
    while (size > seen && !longest.compare_exchange_weak(seen, size)) {
    }
  }
  if (debug) {
    log_->Debug("render %s pid=%d init=%d bytes=%d took=%.3fms gen=%d %s%s", node.path, reader,
                info.container_init, out->bytes().size(), MillisSince(start), library->number(),
                info.host_fallback ? "host-fallback: " : "cgroup=", info.detail);
  }
  return 0;
}

int Filesystem::RenderVersion(std::string* out) {
  const std::shared_ptr<const LibraryGeneration> library = library_->Current();
  *out = absl::StrCat("procviewfs ", kDaemonVersion, "\nabi ", PROCVIEW_ABI_VERSION,
                      "\nlibrary ", library->version(), "\nlibrary_path ",
                      library_->settings().path, "\ngeneration ", library->number(), "\n");
  return 0;
}

}  // namespace fuse
}  // namespace procview
