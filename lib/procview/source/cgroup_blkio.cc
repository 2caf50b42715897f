// cgroup_blkio.cc: a v1 cgroup's I/O statistics from its blkio files.
#include "lib/procview/source/cgroup_blkio.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

#include "lib/procview/fd_closer.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/source/cgroup_files.h"
#include "lib/procview/source/cgroup_location.h"
#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

// A file's text: on the stack when it fits (the blkio files hold a few
// lines per device), spilled to the heap only when it does not.
class FileText {
 public:
  std::string_view view() const {
    return on_heap_ ? std::string_view(heap_) : std::string_view(stack_, size_);
  }
  void Assign(std::string text) {
    heap_ = std::move(text);
    on_heap_ = true;
  }
  // Reads all of the open `fd` (closing it), replacing the text; false on a
  // read error.
  bool ReadAll(int fd) {
    FdCloser closer(fd);
    size_ = 0;
    heap_.clear();
    on_heap_ = false;
    while (true) {
      if (size_ == sizeof(stack_)) {  // full: move what was read to the heap
        heap_.append(stack_, size_);
        size_ = 0;
        on_heap_ = true;
      }
      const ssize_t n = read(fd, stack_ + size_, sizeof(stack_) - size_);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      size_ += static_cast<size_t>(n);
    }
    if (on_heap_) heap_.append(stack_, size_);
    return true;
  }

 private:
  char stack_[4096];
  size_t size_ = 0;
  std::string heap_;
  bool on_heap_ = false;
};

// Paths of files in one directory, composed on the stack: the directory is
// copied once, each name over the one before.
class PathsIn {
 public:
  explicit PathsIn(std::string_view dir) : dir_(dir) {
    if (dir.size() + 2 > sizeof(path_)) return;
    std::memcpy(path_, dir.data(), dir.size());
    path_[dir.size()] = '/';
  }
  std::string_view dir() const { return dir_; }
  // DIR/NAME, NUL-terminated; null when it does not fit.
  const char* Of(std::string_view name) {
    if (dir_.size() + name.size() + 2 > sizeof(path_)) return nullptr;
    std::memcpy(path_ + dir_.size() + 1, name.data(), name.size());
    path_[dir_.size() + 1 + name.size()] = '\0';
    return path_;
  }

 private:
  const std::string_view dir_;
  char path_[512];
};

// Reads the first of `names` that exists in the directory into `*text`;
// false when none does. An absent name costs one open(2) and no Status:
// every read tries names that most kernels lack (the CFQ names first, and
// merged and time exist only with CFQ or BFQ's debug statistics). Errors
// other than a plain ENOENT are left to ReadFileIn to report.
absl::StatusOr<bool> ReadFirstBlkioFile(PathsIn* in, const std::vector<std::string_view>& names,
                                        FileText* text) {
  for (const std::string_view name : names) {
    if (const char* path = in->Of(name)) {
      const int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0 && errno == ENOENT) continue;
      if (fd >= 0 && text->ReadAll(fd)) return true;
    }
    absl::StatusOr<std::string> slow = ReadFileIn(in->dir(), name);
    if (absl::IsNotFound(slow.status())) continue;
    if (!slow.ok()) return slow.status();
    text->Assign(*std::move(slow));
    return true;
  }
  return false;
}

// The v1 blkio files a cgroup's I/O is read from, with the fields each
// fills. bytes and ios must exist; merged and time are optional (see above).
struct BlkioFile {
  CgroupReading reading;
  const std::vector<std::string_view>& names;  // FilesOf(reading), looked up once
  bool required;
  const BlkioColumns& columns;
};
const BlkioFile (&BlkioFiles())[4] {
  static const BlkioFile kFiles[] = {
      {CgroupReading::kIoBytes, FilesOf(CgroupReading::kIoBytes).v1_files, true, kBlkioBytes},
      {CgroupReading::kIoOps, FilesOf(CgroupReading::kIoOps).v1_files, true, kBlkioIos},
      {CgroupReading::kIoMerged, FilesOf(CgroupReading::kIoMerged).v1_files, false, kBlkioMerged},
      {CgroupReading::kIoTime, FilesOf(CgroupReading::kIoTime).v1_files, false, kBlkioTime},
  };
  return kFiles;
}

}  // namespace

absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir) {
  std::vector<IoDeviceStats> devices;
  FileText text;  // one buffer for all the files
  PathsIn in(dir);
  for (const BlkioFile& file : BlkioFiles()) {
    ASSIGN_OR_RETURN(const bool found, ReadFirstBlkioFile(&in, file.names, &text));
    if (!found) {
      if (!file.required) continue;
      // ReadIn says why none is there (e.g. the cgroup is gone).
      ASSIGN_OR_RETURN(std::string again, ReadIn(dir, file.reading, false));
      text.Assign(std::move(again));
    }
    RETURN_IF_ERROR(ParseBlkio(text.view(), file.columns, &devices));
  }
  std::sort(devices.begin(), devices.end(), [](const IoDeviceStats& a, const IoDeviceStats& b) {
    return std::make_pair(a.major, a.minor) < std::make_pair(b.major, b.minor);
  });
  return devices;
}

}  // namespace procview
