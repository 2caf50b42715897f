// diskstats.cc: the container's /proc/diskstats (see diskstats.h).
#include "lib/procview/render/diskstats.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace procview {
namespace {

constexpr uint64_t kSectorBytes = 512;
constexpr uint64_t kNsPerMs = 1'000'000;

using DeviceKey = std::pair<uint32_t, uint32_t>;

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

}  // namespace

absl::StatusOr<std::string> RenderDiskstats(const Diskstats& host,
                                            const std::vector<IoDeviceStats>& io) {
  absl::flat_hash_map<DeviceKey, IoDeviceStats> by_device;
  for (const IoDeviceStats& s : io) Add(s, &by_device[DeviceKey(s.major, s.minor)]);

  std::string out;
  for (const DiskstatsLine& dev : host.devices) {
    if (dev.counters.size() != host.counter_count || host.counter_count <= kDiskWeightedIoMs) {
      return absl::InvalidArgumentError(absl::StrCat("diskstats line of ", dev.name, " has ",
                                                     dev.counters.size(), " counters, expected ",
                                                     host.counter_count));
    }
    auto it = by_device.find(DeviceKey(dev.major, dev.minor));
    if (it == by_device.end() || IsZero(it->second)) continue;
    const std::array<uint64_t, kDiskCounterCount> c = Counters(it->second, dev);
    // The kernel's format: "%4d %7d %pg" then " %lu" per counter.
    absl::StrAppend(&out, absl::StrFormat("%4u %7u %s", dev.major, dev.minor, dev.name));
    for (size_t i = 0; i < host.counter_count; ++i) absl::StrAppend(&out, " ", c[i]);
    out.push_back('\n');
  }
  return out;
}

}  // namespace procview
