// floorfs.cc: the floor of the end-to-end benchmark. A minimal libfuse3
// low-level filesystem serving fixed buffers, configured like procviewfs
// (direct_io, 60 s entry/attribute caching, the multi-threaded loop), so the
// difference to procviewfs is what procview adds to a bare FUSE round trip.
//
// Usage: floorfs MOUNTPOINT NAME=SOURCE...
// Serves each SOURCE file's contents, read once at startup, as MOUNTPOINT/NAME.
// Runs in the foreground until SIGTERM/SIGINT, then unmounts.
#define FUSE_USE_VERSION 34

#include <errno.h>
#include <fcntl.h>
#include <fuse3/fuse_lowlevel.h>
#include <string.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double kCacheSeconds = 60.0;

struct FloorFile {
  std::string name;
  std::string content;
};

// Inode 1 is the root; file i is inode i + 2.
struct Floor {
  std::vector<FloorFile> files;
  const FloorFile* Find(fuse_ino_t ino) const {
    return ino >= 2 && ino - 2 < files.size() ? &files[ino - 2] : nullptr;
  }
};

Floor& Of(fuse_req_t req) { return *static_cast<Floor*>(fuse_req_userdata(req)); }

struct stat Attributes(const Floor& floor, fuse_ino_t ino) {
  struct stat st;
  memset(&st, 0, sizeof(st));
  st.st_ino = ino;
  if (ino == FUSE_ROOT_ID) {
    st.st_mode = S_IFDIR | 0555;
    st.st_nlink = 2;
  } else {
    st.st_mode = S_IFREG | 0444;
    st.st_nlink = 1;
    st.st_size = static_cast<off_t>(floor.Find(ino)->content.size());
  }
  return st;
}

void Lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  const Floor& floor = Of(req);
  if (parent == FUSE_ROOT_ID) {
    for (size_t i = 0; i < floor.files.size(); ++i) {
      if (floor.files[i].name != name) continue;
      struct fuse_entry_param entry;
      memset(&entry, 0, sizeof(entry));
      entry.ino = i + 2;
      entry.attr = Attributes(floor, entry.ino);
      entry.attr_timeout = kCacheSeconds;
      entry.entry_timeout = kCacheSeconds;
      fuse_reply_entry(req, &entry);
      return;
    }
  }
  fuse_reply_err(req, ENOENT);
}

void Getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info*) {
  const Floor& floor = Of(req);
  if (ino != FUSE_ROOT_ID && floor.Find(ino) == nullptr) {
    fuse_reply_err(req, ENOENT);
    return;
  }
  const struct stat st = Attributes(floor, ino);
  fuse_reply_attr(req, &st, kCacheSeconds);
}

void Open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info* fi) {
  if (Of(req).Find(ino) == nullptr) {
    fuse_reply_err(req, ino == FUSE_ROOT_ID ? EISDIR : ENOENT);
    return;
  }
  if ((fi->flags & O_ACCMODE) != O_RDONLY) {
    fuse_reply_err(req, EACCES);
    return;
  }
  fi->direct_io = 1;
  fi->keep_cache = 0;
  fuse_reply_open(req, fi);
}

void Read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info*) {
  const FloorFile* file = Of(req).Find(ino);
  if (file == nullptr || offset < 0) {
    fuse_reply_err(req, EINVAL);
    return;
  }
  const size_t at = static_cast<size_t>(offset);
  if (at >= file->content.size()) {
    fuse_reply_buf(req, nullptr, 0);
    return;
  }
  const size_t n = std::min(size, file->content.size() - at);
  fuse_reply_buf(req, file->content.data() + at, n);
}

void Release(fuse_req_t req, fuse_ino_t, struct fuse_file_info*) { fuse_reply_err(req, 0); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s MOUNTPOINT NAME=SOURCE...\n", argv[0]);
    return 2;
  }
  Floor floor;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "bad argument %s (want NAME=SOURCE)\n", argv[i]);
      return 2;
    }
    std::ifstream in(arg.substr(eq + 1), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in || content.str().empty()) {
      std::fprintf(stderr, "cannot read %s\n", arg.substr(eq + 1).c_str());
      return 1;
    }
    floor.files.push_back({arg.substr(0, eq), content.str()});
  }

  struct fuse_lowlevel_ops ops;
  memset(&ops, 0, sizeof(ops));
  ops.lookup = Lookup;
  ops.getattr = Getattr;
  ops.open = Open;
  ops.read = Read;
  ops.release = Release;

  char* fuse_argv[] = {argv[0], const_cast<char*>("-o"),
                       const_cast<char*>("fsname=floorfs,subtype=floorfs,allow_other")};
  struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
  struct fuse_session* session = fuse_session_new(&args, &ops, sizeof(ops), &floor);
  if (session == nullptr) return 1;
  int result = 1;
  if (fuse_set_signal_handlers(session) == 0) {
    if (fuse_session_mount(session, argv[1]) == 0) {
      struct fuse_loop_config config;
      memset(&config, 0, sizeof(config));
      config.clone_fd = 0;
      config.max_idle_threads = 10;
      result = fuse_session_loop_mt(session, &config);
      fuse_session_unmount(session);
    }
    fuse_remove_signal_handlers(session);
  }
  fuse_session_destroy(session);
  return result == 0 ? 0 : 1;
}
