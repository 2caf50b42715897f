// cgroup_blkio.cc: a v1 cgroup's I/O statistics from its blkio files.
#include "lib/procview/source/cgroup_blkio.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/source/cgroup_files.h"
#include "lib/procview/source/cgroup_location.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

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

// `file` read into `buffer` from the name `*chosen` remembers, else from the
// first of its names that exists (then remembered); nullopt for an optional
// file with none of its names. An absent name costs one failed open and no
// Status message.
absl::StatusOr<std::optional<std::string_view>> ReadBlkioFile(const std::string& dir,
                                                              const BlkioFile& file,
                                                              std::atomic<uint8_t>* chosen,
                                                              TextBuffer* buffer) {
  const uint8_t known = chosen->load(std::memory_order_relaxed);
  if (known == BlkioNames::kAbsent) return std::nullopt;
  if (known < file.names.size()) {
    absl::StatusOr<std::string_view> text = ReadFileInto(dir, file.names[known], buffer);
    if (!absl::IsNotFound(text.status())) return text;
  }
  size_t index = 0;
  absl::StatusOr<std::string_view> text = ReadFirstIn(dir, file.reading, false, buffer, &index);
  if (text.ok()) {
    chosen->store(static_cast<uint8_t>(index), std::memory_order_relaxed);
    return text;
  }
  if (!absl::IsNotFound(text.status())) return text.status();
  if (!file.required) {
    chosen->store(BlkioNames::kAbsent, std::memory_order_relaxed);
    return std::nullopt;
  }
  chosen->store(BlkioNames::kUnknown, std::memory_order_relaxed);
  return ReadIn(dir, file.reading, false, buffer);  // says why none is there (the cgroup is gone?)
}

}  // namespace

absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir,
                                                          BlkioNames* names) {
  std::vector<IoDeviceStats> devices;
  TextBuffer buffer;  // one buffer for all the files
  for (size_t i = 0; i < 4; ++i) {
    const BlkioFile& file = BlkioFiles()[i];
    ASSIGN_OR_RETURN(const std::optional<std::string_view> text,
                     ReadBlkioFile(dir, file, &names->of(i), &buffer));
    if (text.has_value()) RETURN_IF_ERROR(ParseBlkio(*text, file.columns, &devices));
  }
  std::sort(devices.begin(), devices.end(), [](const IoDeviceStats& a, const IoDeviceStats& b) {
    return std::make_pair(a.major, a.minor) < std::make_pair(b.major, b.minor);
  });
  return devices;
}

absl::StatusOr<std::vector<IoDeviceStats>> ReadBlkioStats(const std::string& dir) {
  BlkioNames names;
  return ReadBlkioStats(dir, &names);
}

}  // namespace procview
