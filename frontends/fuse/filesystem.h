// filesystem.h: the FUSE low-level operations of procviewfs.
//
// All state is in one Filesystem object, passed to fuse_session_new() as
// userdata and recovered in every operation with fuse_req_userdata(). The
// operations only map inodes, slice buffers and turn -errno into replies;
// content comes from the loaded library (or the daemon, for the version file).
#ifndef PROCVIEW_FRONTENDS_FUSE_FILESYSTEM_H_
#define PROCVIEW_FRONTENDS_FUSE_FILESYSTEM_H_

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "frontends/fuse/cpu_directory.h"
#include "frontends/fuse/host_sizes.h"
#include "frontends/fuse/inode_table.h"
#include "frontends/fuse/library.h"
#include "frontends/fuse/log.h"
#include "frontends/fuse/open_file.h"

namespace procview {
namespace fuse {

// The daemon's version, shown by -v and the version file.
inline constexpr char kDaemonVersion[] = "0.1.0";
// The daemon's own file with daemon and library versions (not in LXCFS).
inline constexpr char kVersionFilePath[] = ".procview/version";

// The files to serve: every file the library knows, minus proc/pressure/*
// when the host has no `host_pressure`, plus the version file.
std::vector<FileEntry> ServedFiles(const LibraryGeneration& library, bool host_pressure);

class Filesystem {
 public:
  // `cpu` (may be null: no host passthrough) serves the host part of
  // sys/devices/system/cpu; `sizes` gives the st_size of library files.
  Filesystem(const InodeTable* inodes, Library* library, Logger* log, CpuDirectory* cpu,
             HostSizes* sizes);
  // Frees the files still open (the mount went away without releases).
  ~Filesystem();
  Filesystem(const Filesystem&) = delete;
  Filesystem& operator=(const Filesystem&) = delete;
  // The mounted session, for kernel notifications (set once after creation).
  void set_session(struct fuse_session* session) { session_ = session; }
  struct fuse_session* session() const { return session_; }

  // The operations table for fuse_session_new(); userdata must be `this`.
  static const fuse_lowlevel_ops& Operations();

  // The text of `node` for `reader` (a file node). Returns 0 or -errno.
  int Render(const Node& node, pid_t reader, Text* out);

  const InodeTable& inodes() const { return *inodes_; }
  CpuDirectory* cpu() const { return cpu_; }
  // The node `ino` of the fixed table or of the cpu passthrough, or nullptr.
  const Node* FindNode(uint64_t ino) const;
  // Host CPUs visible to `reader` (container cpuK first); the host's own
  // CPUs when the library cannot tell.
  std::vector<int> VisibleCpus(pid_t reader);
  Logger& log() { return *log_; }
  // Open files are owned here, not by the kernel's handles: the ones still
  // open when the mount goes away get no release, and are freed with this.
  OpenFile* Adopt(std::unique_ptr<OpenFile> file);
  // Frees a file Adopt returned (at its release, which the kernel sends
  // once per open).
  void Close(OpenFile* file);
  // Number of open files (for tests and the shutdown log).
  int open_files() const;
  // Attributes of a fixed-table `node` for getattr/lookup/readdir.
  struct stat Attributes(const Node& node) const;
  // Attributes of any node; returns 0 or -errno (a vanished host entry).
  int Stat(const Node& node, struct stat* st) const;

 private:
  int RenderVersion(std::string* out);

  const InodeTable* const inodes_;
  Library* const library_;
  Logger* const log_;
  CpuDirectory* const cpu_;
  HostSizes* const sizes_;
  struct fuse_session* session_ = nullptr;
  // The longest text rendered so far per file id: st_size never drops below
  // it, so a container text longer than the host's stays whole under splice.
  static constexpr uint32_t kTrackedFiles = 64;
  std::atomic<uint64_t> longest_[kTrackedFiles] = {};
  const time_t start_time_;
  mutable std::mutex open_mu_;
  OpenFile* open_head_ = nullptr;  // adopted files, linked; guarded by open_mu_
  int open_count_ = 0;             // guarded by open_mu_
};

}  // namespace fuse
}  // namespace procview

#endif  // PROCVIEW_FRONTENDS_FUSE_FILESYSTEM_H_
