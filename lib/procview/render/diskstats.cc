// diskstats.cc: the container's /proc/diskstats (see diskstats.h).
#include "lib/procview/parse/lines.h"
#include "lib/procview/render/diskstats.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/parse/decimal.h"

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

// Whether `io` has an entry for the device.
bool Used(const std::vector<IoDeviceStats>& io, uint32_t major, uint32_t minor) {
  for (const IoDeviceStats& s : io) {
    if (s.major == major && s.minor == minor) return true;
  }
  return false;
}

// `value` right-aligned in `width` columns at `p`, as printf's "%*u";
// returns the end.
char* WritePadded(uint32_t value, size_t width, char* p) {
  char digits[20];
  const size_t len = static_cast<size_t>(WriteDecimal(value, digits) - digits);
  for (size_t i = len; i < width; ++i) *p++ = ' ';
  std::memcpy(p, digits, len);
  return p + len;
}

// One line in the kernel's format: "%4d %7d %pg" then " %lu" per counter,
// composed on the stack around the name: three appends per line.
void AppendLine(const DiskstatsLine& dev, const uint64_t* counters, size_t count,
                std::string* out) {
  char buf[kDiskCounterCount * 21 + 1];  // " " and up to 20 digits per counter, "\n"
  char* p = WritePadded(dev.major, 4, buf);
  *p++ = ' ';
  p = WritePadded(dev.minor, 7, p);
  *p++ = ' ';
  out->append(buf, static_cast<size_t>(p - buf));
  out->append(dev.name);
  p = buf;
  for (size_t i = 0; i < count; ++i) {
    *p++ = ' ';
    if (counters[i] < 10) {  // most of a container's counters are 0 (merged, flushes...)
      *p++ = static_cast<char>('0' + counters[i]);
    } else {
      p = WriteDecimal(counters[i], p);
    }
  }
  *p++ = '\n';
  out->append(buf, static_cast<size_t>(p - buf));
}

}  // namespace

absl::StatusOr<std::string> RenderDiskstats(const Diskstats& host,
                                            const std::vector<IoDeviceStats>& io) {
  if (host.counter_count <= kDiskWeightedIoMs || host.counter_count > kDiskCounterCount) {
    return absl::InvalidArgumentError(absl::StrCat("diskstats lines of ", host.counter_count,
                                                   " counters, expected 11, 15 or 17"));
  }
  std::string out;
  for (const DiskstatsLine& dev : host.devices) {
    const IoDeviceStats total = DeviceTotal(io, dev.major, dev.minor);
    if (IsZero(total)) continue;
    if (out.empty()) out.reserve(256);
    AppendLine(dev, Counters(total, dev).data(), host.counter_count, &out);
  }
  return out;
}

absl::StatusOr<std::string> RenderDiskstats(std::string_view host,
                                            const std::vector<IoDeviceStats>& io) {
  std::string out;
  size_t line_no = 0;
  size_t counter_count = 0;  // of the lines parsed so far; 0 before the first
  // Devices of the lines parsed, to find a repeat (checked, like
  // ParseDiskstats, after every line: a later malformed line comes first).
  absl::InlinedVector<uint64_t, 8> parsed;
  std::optional<DiskstatsLine> repeat;  // the first line repeating a device
  DiskstatsLine dev;
  const char* p = host.data();
  const char* const end = p + host.size();
  while (p != end) {
    const std::string_view line = NextLine(&p, end);
    ++line_no;
    if (line.empty()) continue;
    const char* q = line.data();
    const char* const line_end = q + line.size();
    if (const char* why = ParseDiskstatsDevice(&q, line_end, &dev.major, &dev.minor)) {
      return DiskstatsLineError(line_no, line, why);
    }
    // Only the devices the container used are shown, so only theirs are parsed.
    if (!Used(io, dev.major, dev.minor)) continue;
    size_t count = 0;
    if (const char* why = ParseDiskstatsCounters(q, line_end, &dev, &count)) {
      return DiskstatsLineError(line_no, line, why);
    }
    if (counter_count != 0 && count != counter_count) {
      return DiskstatsLineError(line_no, line, "lines disagree on their counter count");
    }
    counter_count = count;
    const uint64_t id = uint64_t{dev.major} << 32 | dev.minor;
    if (std::find(parsed.begin(), parsed.end(), id) == parsed.end()) {
      parsed.push_back(id);
    } else if (!repeat.has_value()) {
      repeat = dev;
    }
    const IoDeviceStats total = DeviceTotal(io, dev.major, dev.minor);
    if (IsZero(total)) continue;
    if (out.empty()) out.reserve(256);
    AppendLine(dev, Counters(total, dev).data(), count, &out);
  }
  if (repeat.has_value()) return DiskstatsRepeatError(*repeat);
  return out;
}

}  // namespace procview
