// fuse_operations.cc: the libfuse low-level operations of procviewfs:
// lookup, getattr, readdir, open/read/release and the refusals of every
// write operation. Each recovers the Filesystem from the request and asks it
// for content.

#include "frontends/fuse/filesystem.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "frontends/fuse/open_file.h"
#include "lib/procview/abi/procview_abi.h"

namespace procview {
namespace fuse {
namespace {

// Fixed names and directories never change: the kernel may cache them.
constexpr double kCacheSeconds = 60.0;
// Host sysfs entries may come and go with CPU hotplug.
constexpr double kHostCacheSeconds = 1.0;

Filesystem& Fs(fuse_req_t req) { return *static_cast<Filesystem*>(fuse_req_userdata(req)); }

pid_t ReaderPid(fuse_req_t req) { return fuse_req_ctx(req)->pid; }

OpenFile* FileOf(const struct fuse_file_info* fi) {
  return reinterpret_cast<OpenFile*>(static_cast<uintptr_t>(fi->fh));
}

bool IsRendered(const Node& node) {
  return node.kind == NodeKind::kLibraryFile || node.kind == NodeKind::kVersionFile;
}

// How long the kernel may keep the attributes of `node`. Rendered files: 0,
// so every stat() fetches the size bound again (a short splice read by one
// reader shrinks the kernel's i_size to that reader's length; see Open).
double AttrTimeout(const Node& node) {
  if (IsRendered(node)) return 0.0;
  return node.kind == NodeKind::kPassthrough ? kHostCacheSeconds : kCacheSeconds;
}

// How long the kernel may keep the name -> node binding. A cpuN in the cpu
// directory means a different host CPU for each reader: never cached, so
// every path walk asks again with the walker's pid (and the kernel drops a
// cached dentry whose node changed).
double EntryTimeout(const Filesystem& fs, const Node& node) {
  if (node.kind != NodeKind::kPassthrough) return kCacheSeconds;
  if (node.parent == fs.cpu()->dir_ino() && CpuDirectory::IsCpuName(node.name)) return 0.0;
  return kHostCacheSeconds;
}

// ---- operations ----

void Lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.inodes().Lookup(parent, name);
  if (node == nullptr && fs.cpu() != nullptr &&
      (parent == fs.cpu()->dir_ino() || fs.cpu()->Find(parent) != nullptr)) {
    std::vector<int> visible;
    if (parent == fs.cpu()->dir_ino() && CpuDirectory::IsCpuName(name)) {
      visible = fs.VisibleCpus(ReaderPid(req));
    }
    const int result = fs.cpu()->Lookup(parent, name, visible, &node);
    if (result != 0) {
      fuse_reply_err(req, -result);
      return;
    }
  }
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  struct fuse_entry_param entry;
  memset(&entry, 0, sizeof(entry));
  if (const int result = fs.Stat(*node, &entry.attr); result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  entry.ino = node->ino;
  entry.attr_timeout = AttrTimeout(*node);
  entry.entry_timeout = EntryTimeout(fs, *node);
  fuse_reply_entry(req, &entry);
}

void Getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info*) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.FindNode(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  struct stat attributes;
  if (const int result = fs.Stat(*node, &attributes); result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  fuse_reply_attr(req, &attributes, AttrTimeout(*node));
}

void Access(fuse_req_t req, fuse_ino_t ino, int mask) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.FindNode(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
  } else if ((mask & W_OK) != 0) {
    fuse_reply_err(req, EACCES);
  } else if (node->kind == NodeKind::kPassthrough && (mask & R_OK) != 0) {
    fuse_reply_err(req, -fs.cpu()->CheckRead(*node, fuse_req_ctx(req)->uid));
  } else {
    fuse_reply_err(req, 0);
  }
}

void Readlink(fuse_req_t req, fuse_ino_t ino) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.FindNode(ino);
  std::string target;
  const int result = node == nullptr                          ? -ENOENT
                     : node->kind != NodeKind::kPassthrough ? -EINVAL
                                                            : fs.cpu()->ReadLink(*node, &target);
  if (result != 0) {
    fuse_reply_err(req, -result);
  } else {
    fuse_reply_readlink(req, target.c_str());
  }
}

// Makes the kernel's i_size at least the length of `text` (this reader's)
// by storing its own last byte at its offset: a shorter reader's splice may
// have shrunk i_size since the last stat(), and sendfile() never stats. The
// stored page is dropped again when the open completes (keep_cache=0), and
// it holds only this reader's byte (a newline).
void RaiseSize(Filesystem& fs, fuse_ino_t ino, std::string_view text) {
  if (fs.session() == nullptr || text.empty()) return;
  char byte = text.back();
  struct fuse_bufvec buffer = FUSE_BUFVEC_INIT(1);
  buffer.buf[0].mem = &byte;
  fuse_lowlevel_notify_store(fs.session(), ino, static_cast<off_t>(text.size() - 1), &buffer,
                             FUSE_BUF_NO_SPLICE);
}

void Open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.FindNode(ino);
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
  if (node->kind == NodeKind::kPassthrough) {
    struct stat st;
    int result = fs.cpu()->Stat(*node, &st);
    if (result == 0 && S_ISDIR(st.st_mode)) result = -EISDIR;
    if (result == 0) result = fs.cpu()->CheckRead(*node, fuse_req_ctx(req)->uid);
    if (result != 0) {
      fuse_reply_err(req, -result);
      return;
    }
  }
  Text text;
  const int result = fs.Render(*node, ReaderPid(req), &text);
  if (result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  // direct_io: read(2) always comes here and is served from this open's
  // buffer, whatever st_size says. Only splice/sendfile use the page cache
  // (bounded by i_size); keep_cache=0 empties it at every open.
  fi->direct_io = 1;
  fi->keep_cache = 0;
  if (IsRendered(*node)) RaiseSize(fs, ino, text.bytes());
  OpenFile* const adopted = fs.Adopt(std::make_unique<OpenFile>(node, std::move(text)));
  fi->fh = reinterpret_cast<uintptr_t>(adopted);
  // The opener was interrupted: no release will come for this handle.
  if (fuse_reply_open(req, fi) != 0) fs.Close(adopted);
}

void Read(fuse_req_t req, fuse_ino_t, size_t size, off_t offset, struct fuse_file_info* fi) {
  Filesystem& fs = Fs(req);
  OpenFile* file = FileOf(fi);
  if (offset < 0) {
    fuse_reply_err(req, EINVAL);
    return;
  }
  // The reply is sent under the file's lock; a release that frees the file
  // (it can come as soon as the reader has its bytes) waits for it.
  const int result = file->Read(
      static_cast<uint64_t>(offset), size, ReaderPid(req),
      [&fs, file](pid_t reader, Text* out) { return fs.Render(*file->node(), reader, out); },
      [req](std::string_view bytes) { fuse_reply_buf(req, bytes.data(), bytes.size()); });
  if (result != 0) fuse_reply_err(req, -result);
}

void Release(fuse_req_t req, fuse_ino_t, struct fuse_file_info* fi) {
  Fs(req).Close(FileOf(fi));
  fuse_reply_err(req, 0);
}

bool IsDirectory(Filesystem& fs, const Node& node) {
  if (node.kind == NodeKind::kDirectory) return true;
  struct stat st;
  return node.kind == NodeKind::kPassthrough && fs.cpu()->Stat(node, &st) == 0 &&
         S_ISDIR(st.st_mode);
}

void Opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi) {
  Filesystem& fs = Fs(req);
  const Node* node = fs.FindNode(ino);
  if (node == nullptr) {
    fuse_reply_err(req, ENOENT);
  } else if (!IsDirectory(fs, *node)) {
    fuse_reply_err(req, ENOTDIR);
  } else if ((fi->flags & O_ACCMODE) != O_RDONLY) {
    fuse_reply_err(req, EACCES);
  } else {
    fuse_reply_open(req, fi);
  }
}

// The children of `dir` as `reader` sees them: the fixed table's, then (for
// the cpu directory and below) the host's.
int Children(Filesystem& fs, const Node& dir, pid_t reader, std::vector<DirEntry>* out) {
  std::set<std::string> own;
  for (const Node* child : fs.inodes().Children(dir.ino)) {
    out->emplace_back(child->name, child);
    own.insert(child->name);
  }
  if (fs.cpu() == nullptr) return 0;
  std::vector<DirEntry> host;
  int result = 0;
  if (dir.ino == fs.cpu()->dir_ino()) {
    result = fs.cpu()->ListTop(fs.VisibleCpus(reader), own, &host);
  } else if (dir.kind == NodeKind::kPassthrough) {
    result = fs.cpu()->List(dir, &host);
  }
  out->insert(out->end(), host.begin(), host.end());
  return result;
}

// Entry i of a directory listing has offset i and is followed by offset i+1:
// 0 ".", 1 "..", then the children. The listing is made again for every
// call (it depends on the reader), so it is consistent across calls as long
// as the reader's CPUs do not change mid-listing.
void Readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset,
             struct fuse_file_info*) {
  Filesystem& fs = Fs(req);
  const Node* dir = fs.FindNode(ino);
  if (dir == nullptr || !IsDirectory(fs, *dir)) {
    fuse_reply_err(req, dir == nullptr ? ENOENT : ENOTDIR);
    return;
  }
  const Node* up = fs.FindNode(dir->parent);
  std::vector<DirEntry> entries = {{".", dir}, {"..", up != nullptr ? up : dir}};
  if (const int result = Children(fs, *dir, ReaderPid(req), &entries); result != 0) {
    fuse_reply_err(req, -result);
    return;
  }
  std::string buffer(size, '\0');
  size_t used = 0;
  for (size_t i = offset < 0 ? entries.size() : static_cast<size_t>(offset); i < entries.size();
       ++i) {
    struct stat attributes;
    memset(&attributes, 0, sizeof(attributes));
    if (fs.Stat(*entries[i].second, &attributes) != 0) continue;  // vanished meanwhile
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
    o.readlink = Readlink;
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
