// diskstats.cc: the container's /proc/diskstats (see diskstats.h).
#include "lib/procview/render/diskstats.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace {

constexpr uint64_t kSectorBytes = 512;
constexpr uint64_t kNsPerMs = 1'000'000;

void Add(const IoDeviceStats& from, IoDeviceStats* to) {
  to->read_bytes += from.read_bytes;
  to->write_bytes += from.write_bytes;
  to->read_ios += from.read_ios;
  to->write_ios += from.write_ios;
  to->discard_bytes += from.discard_bytes;
  to->discard_ios += from.discard_ios;
  to->read_merged += from.read_merged;
  to->write_merged += from.write_merged;
  to->read_time_ns += from.read_time_ns;
  to->write_time_ns += from.write_time_ns;
}

bool IsZero(const IoDeviceStats& s) {
  return s.read_bytes == 0 && s.write_bytes == 0 && s.read_ios == 0 && s.write_ios == 0 &&
         s.discard_bytes == 0 && s.discard_ios == 0 && s.read_merged == 0 && s.write_merged == 0 &&
         s.read_time_ns == 0 && s.write_time_ns == 0;
}

// The container's counters of one device; `host` caps the busy times.
std::array<uint64_t, kDiskCounterCount> Counters(const IoDeviceStats& s,
                                                 const DiskstatsLine& host) {
  std::array<uint64_t, kDiskCounterCount> c{};
  c[kDiskReads] = s.read_ios;
  c[kDiskReadsMerged] = s.read_merged;
  c[kDiskSectorsRead] = s.read_bytes / kSectorBytes;
  c[kDiskReadMs] = s.read_time_ns / kNsPerMs;
  c[kDiskWrites] = s.write_ios;
  c[kDiskWritesMerged] = s.write_merged;
  c[kDiskSectorsWritten] = s.write_bytes / kSectorBytes;
  c[kDiskWriteMs] = s.write_time_ns / kNsPerMs;
  const uint64_t busy = c[kDiskReadMs] + c[kDiskWriteMs];
  c[kDiskIoMs] = std::min(busy, host.counters[kDiskIoMs]);
  c[kDiskWeightedIoMs] = std::min(busy, host.counters[kDiskWeightedIoMs]);
  c[kDiskDiscards] = s.discard_ios;
  c[kDiskSectorsDiscarded] = s.discard_bytes / kSectorBytes;
  return c;
}

// The container's I/O on one device: the sum of its entries in `io` (a few
// entries per read, so a scan rather than a map).
IoDeviceStats DeviceTotal(const std::vector<IoDeviceStats>& io, uint32_t major, uint32_t minor) {
  IoDeviceStats total;
  for (const IoDeviceStats& s : io) {
    if (s.major == major && s.minor == minor) Add(s, &total);
  }
  return total;
}

// `value` right-aligned in `width` columns, as printf's "%*u".
void AppendPadded(uint32_t value, size_t width, std::string* out) {
  char buf[absl::numbers_internal::kFastToBufferSize];
  const size_t len = static_cast<size_t>(absl::numbers_internal::FastIntToBuffer(value, buf) - buf);
  if (len < width) out->append(width - len, ' ');
  out->append(buf, len);
}

// One line in the kernel's format: "%4d %7d %pg" then " %lu" per counter.
void AppendLine(const DiskstatsLine& dev, const uint64_t* counters, size_t count,
                std::string* out) {
  AppendPadded(dev.major, 4, out);
  out->push_back(' ');
  AppendPadded(dev.minor, 7, out);
  out->push_back(' ');
  out->append(dev.name);
  char buf[absl::numbers_internal::kFastToBufferSize];
  for (size_t i = 0; i < count; ++i) {
    out->push_back(' ');
    out->append(buf, static_cast<size_t>(
                         absl::numbers_internal::FastIntToBuffer(counters[i], buf) - buf));
  }
  out->push_back('\n');
}

}  // namespace

absl::StatusOr<std::string> RenderDiskstats(const Diskstats& host,
                                            const std::vector<IoDeviceStats>& io) {
  std::string out;
  for (const DiskstatsLine& dev : host.devices) {
    if (dev.counters.size() != host.counter_count || host.counter_count <= kDiskWeightedIoMs) {
      return absl::InvalidArgumentError(absl::StrCat("diskstats line of ", dev.name, " has ",
                                                     dev.counters.size(), " counters, expected ",
                                                     host.counter_count));
    }
    const IoDeviceStats total = DeviceTotal(io, dev.major, dev.minor);
    if (IsZero(total)) continue;
    if (out.empty()) out.reserve(256);
    AppendLine(dev, Counters(total, dev).data(), host.counter_count, &out);
  }
  return out;
}

}  // namespace procview
