// filesystem.cc: lookup, getattr, readdir, open/read/release and the
// refusals of every write operation.

#include "frontends/fuse/filesystem.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/fuse/open_file.h"
#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {
namespace {

// The table never changes, so the kernel may cache names and attributes.
constexpr double kCacheSeconds = 60.0;

Filesystem& Fs(fuse_req_t req) { return *static_cast<Filesystem*>(fuse_req_userdata(req)); }

pid_t ReaderPid(fuse_req_t req) { return fuse_req_ctx(req)->pid; }

double MillisSince(const struct timespec& start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - start.tv_sec) * 1e3 + (now.tv_nsec - start.tv_nsec) / 1e6;
}

OpenFile* FileOf(const struct fuse_file_info* fi) {
  return reinterpret_cast<OpenFile*>(static_cast<uintptr_t>(fi->fh));
}

// ---- operations ----

void Lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.inodes().Lookup(parent, name);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  struct fuse_entry_param entry;
  memset(&entry, 0, sizeof(entry));
  entry.ino = node->ino;
  entry.attr = fs.Attributes(*node);
  entry.attr_timeout = kCacheSeconds;
  entry.entry_timeout = kCacheSeconds;
  fuse_reply_entry(req, &entry);
}

void Getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info*) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.inodes().Find(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  const struct stat attributes = fs.Attributes(*node);
  fuse_reply_attr(req, &attributes, kCacheSeconds);
}

void Access(fuse_req_t req, fuse_ino_t ino, int mask) {
  const Node* node = Fs(req).inodes().Find(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
  } else {
    fuse_reply_err(req, (mask & W_OK) != 0 ? EACCES : 0);
  }
}

void Open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.inodes().Find(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  if (node->kind == NodeKind::kDirectory) {
    fuse_reply_err(req, EISDIR);
    return;
  }
  if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC) != 0) {
    fs.log().Debug("open %s for writing by pid %d refused", node->path, ReaderPid(req));
    fuse_reply_err(req, EACCES);
    return;
  }
  auto file = std::make_unique<OpenFile>(node);
  const int result = file->Fill(ReaderPid(req), [&fs, node](pid_t reader, std::string* out) {
    return fs.Render(*node, reader, out);
  });
  if (result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  // direct_io: the kernel neither caches pages nor trusts st_size, so every
  // read comes here and a size of 0 (as in procfs) is fine.
  fi->direct_io = 1;
  fi->keep_cache = 0;
  fi->fh = reinterpret_cast<uintptr_t>(file.get());
  fs.CountOpen(1);
  if (fuse_reply_open(req, fi) != 0) {
    // The opener was interrupted: no release will come for this handle.
    fs.CountOpen(-1);
    return;
  }
  file.release();
}

void Read(fuse_req_t req, fuse_ino_t, size_t size, off_t offset, struct fuse_file_info* fi) {
  Filesystem& fs = Fs(req);
  OpenFile* file = FileOf(fi);
  if (offset < 0) {
    fuse_reply_err(req, EINVAL);
    return;
  }
  std::string chunk;
  const int result =
      file->Read(static_cast<uint64_t>(offset), size, ReaderPid(req),
                 [&fs, file](pid_t reader, std::string* out) {
                   return fs.Render(*file->node(), reader, out);
                 },
                 &chunk);
  if (result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  fuse_reply_buf(req, chunk.data(), chunk.size());
}

void Release(fuse_req_t req, fuse_ino_t, struct fuse_file_info* fi) {
  delete FileOf(fi);
  Fs(req).CountOpen(-1);
  fuse_reply_err(req, 0);
}

void Opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi) {
  const Node* node = Fs(req).inodes().Find(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
  } else if (node->kind != NodeKind::kDirectory) {
    fuse_reply_err(req, ENOTDIR);
  } else if ((fi->flags & O_ACCMODE) != O_RDONLY) {
    fuse_reply_err(req, EACCES);
  } else {
    fuse_reply_open(req, fi);
  }
}

// Entry i of a directory listing has offset i and is followed by offset i+1:
// 0 ".", 1 "..", then the children in table order.
void Readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset,
             struct fuse_file_info*) {
  Filesystem& fs = Fs(req);
  const Node* dir = fs.inodes().Find(ino);
  if (dir == nullptr || dir->kind != NodeKind::kDirectory) {
    fuse_reply_err(req, dir == nullptr ? ENOENT : ENOTDIR);
    return;
  }
  std::vector<std::pair<std::string, const Node*>> entries = {
      {".", dir}, {"..", fs.inodes().Find(dir->parent)}};
  for (const Node* child : fs.inodes().Children(ino)) entries.emplace_back(child->name, child);

  std::string buffer(size, '\0');
  size_t used = 0;
  for (size_t i = offset < 0 ? entries.size() : static_cast<size_t>(offset); i < entries.size();
       ++i) {
    const struct stat attributes = fs.Attributes(*entries[i].second);
    const size_t need = fuse_add_direntry(req, &buffer[used], size - used,
                                          entries[i].first.c_str(), &attributes, i + 1);
    if (need > size - used) break;  // the next call continues from here
    used += need;
  }
  fuse_reply_buf(req, buffer.data(), used);
}

// Every operation that would change the tree is refused like a write.
void RefuseEntry(fuse_req_t req) { fuse_reply_err(req, EACCES); }

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

Filesystem::Filesystem(const InodeTable* inodes, Library* library, Logger* log)
    : inodes_(inodes), library_(library), log_(log), start_time_(time(nullptr)) {}

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
    st.st_size = 0;  // like procfs: the size is only known by reading
  }
  st.st_blksize = 4096;
  st.st_atime = st.st_mtime = st.st_ctime = start_time_;
  return st;
}

int Filesystem::Render(const Node& node, pid_t reader, std::string* out) {
  if (node.kind == NodeKind::kVersionFile) return RenderVersion(out);
  if (node.kind != NodeKind::kLibraryFile) return -EISDIR;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  const std::shared_ptr<const LibraryGeneration> library = library_->Current();
  procview_render_info info;
  memset(&info, 0, sizeof(info));
  info.struct_size = sizeof(info);
  const int result = library->Render(node.file_id, reader, out, &info);
  if (result != 0) {
    log_->Info("render %s for pid %d failed: %s (%s)", node.path, reader, strerror(-result),
               info.detail);
    return result;
  }
  if (log_->enabled(LogLevel::kDebug)) {
    log_->Debug("render %s pid=%d init=%d bytes=%d took=%.3fms gen=%d %s%s", node.path, reader,
                info.container_init, out->size(), MillisSince(start), library->number(),
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

const fuse_lowlevel_ops& Filesystem::Operations() {
  static const fuse_lowlevel_ops ops = [] {
    fuse_lowlevel_ops o;
    memset(&o, 0, sizeof(o));
    o.lookup = Lookup;
    o.getattr = Getattr;
    o.access = Access;
    o.open = Open;
    o.read = Read;
    o.release = Release;
    o.opendir = Opendir;
    o.readdir = Readdir;
    o.setattr = [](fuse_req_t req, fuse_ino_t, struct stat*, int, struct fuse_file_info*) {
      RefuseEntry(req);
    };
    o.mknod = [](fuse_req_t req, fuse_ino_t, const char*, mode_t, dev_t) { RefuseEntry(req); };
    o.mkdir = [](fuse_req_t req, fuse_ino_t, const char*, mode_t) { RefuseEntry(req); };
    o.unlink = [](fuse_req_t req, fuse_ino_t, const char*) { RefuseEntry(req); };
    o.rmdir = [](fuse_req_t req, fuse_ino_t, const char*) { RefuseEntry(req); };
    o.symlink = [](fuse_req_t req, const char*, fuse_ino_t, const char*) { RefuseEntry(req); };
    o.rename = [](fuse_req_t req, fuse_ino_t, const char*, fuse_ino_t, const char*,
                  unsigned int) { RefuseEntry(req); };
    o.link = [](fuse_req_t req, fuse_ino_t, fuse_ino_t, const char*) { RefuseEntry(req); };
    o.create = [](fuse_req_t req, fuse_ino_t, const char*, mode_t, struct fuse_file_info*) {
      RefuseEntry(req);
    };
    return o;
  }();
  return ops;
}

}  // namespace fuse
}  // namespace procview
