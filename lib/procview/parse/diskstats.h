// diskstats.h: parser of the host's /proc/diskstats text.
//
// Each line is "major minor name" and 11, 15 or 17 counters
// (Documentation/admin-guide/iostats.rst: kernels before 4.18 print 11,
// 4.18 adds 4 discard counters, 5.5 adds 2 flush counters).
#ifndef PROCVIEW_PARSE_DISKSTATS_H_
#define PROCVIEW_PARSE_DISKSTATS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"

namespace procview {

// Counter positions of a diskstats line, after "major minor name".
enum DiskCounter : size_t {
  kDiskReads = 0,
  kDiskReadsMerged,
  kDiskSectorsRead,
  kDiskReadMs,
  kDiskWrites,
  kDiskWritesMerged,
  kDiskSectorsWritten,
  kDiskWriteMs,
  kDiskInFlight,
  kDiskIoMs,          // time the device was busy
  kDiskWeightedIoMs,  // time in queue, summed over requests
  kDiskDiscards,      // 4.18+
  kDiskDiscardsMerged,
  kDiskSectorsDiscarded,
  kDiskDiscardMs,
  kDiskFlushes,  // 5.5+
  kDiskFlushMs,
  kDiskCounterCount,
};

struct DiskstatsLine {
  uint32_t major = 0;
  uint32_t minor = 0;
  std::string name;
  // The first Diskstats::counter_count are the line's; the rest are 0.
  std::array<uint64_t, kDiskCounterCount> counters{};
};

struct Diskstats {
  std::vector<DiskstatsLine> devices;  // in file order
  // Counters per line on this kernel (11, 15 or 17; every line has as many).
  size_t counter_count = kDiskCounterCount;
};

// Parses /proc/diskstats text. Empty text is a host without block devices.
// InvalidArgument when a line is not "major minor name" plus 11, 15 or 17
// numbers, when lines disagree on their counter count, or a major:minor
// repeats.
absl::StatusOr<Diskstats> ParseDiskstats(std::string_view text);
// Like ParseDiskstats, for the lines whose major:minor `wanted` accepts
// (a container has done I/O on a few of the host's many devices): the other
// lines are checked only for their "major minor" and left out.
absl::StatusOr<Diskstats> ParseDiskstats(std::string_view text,
                                         absl::FunctionRef<bool(uint32_t, uint32_t)> wanted);

// The pieces of ParseDiskstats, for a renderer that reads the text itself
// (render/diskstats.h) and so checks each line as ParseDiskstats does.
// The "major minor" that starts a line ending at `end`, consumed from `*p`:
// nullptr, or why the line is not one.
const char* ParseDiskstatsDevice(const char** p, const char* end, uint32_t* major,
                                 uint32_t* minor);
// The rest of the line from `p` into `dev` (name and counters, the count in
// `*count`): nullptr, or why it is not a name plus 11, 15 or 17 numbers.
const char* ParseDiskstatsCounters(const char* p, const char* end, DiskstatsLine* dev,
                                   size_t* count);
// ParseDiskstats' error for line `line_no` (from 1) failing for `why`.
absl::Status DiskstatsLineError(size_t line_no, std::string_view line, std::string_view why);
// ParseDiskstats' error for a repeated device.
absl::Status DiskstatsRepeatError(const DiskstatsLine& repeat);

}  // namespace procview

#endif  // PROCVIEW_PARSE_DISKSTATS_H_
