// diskstats.cc: parser of /proc/diskstats text.
#include "lib/procview/parse/diskstats.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

absl::Status LineError(size_t line_no, std::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("/proc/diskstats line ", line_no, " (\"",
                                                 absl::string_view(line.data(), line.size())
                                                     .substr(0, 60),
                                                 "\"): ", why));
}

bool IsKnownCounterCount(size_t n) { return n == 11 || n == 15 || n == 17; }

// The next blank-separated token of `*rest` (empty at the end of the line).
std::string_view NextToken(std::string_view* rest) {
  const char* p = rest->data();
  const char* const end = p + rest->size();
  while (p != end && *p == ' ') ++p;
  const char* const start = p;
  while (p != end && *p != ' ') ++p;
  *rest = std::string_view(p, static_cast<size_t>(end - p));
  return std::string_view(start, static_cast<size_t>(p - start));
}

bool ParseU32(std::string_view s, uint32_t* out) {
  uint64_t v = 0;
  if (!ParseDecimal(s, &v) || v > std::numeric_limits<uint32_t>::max()) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

// Parses the counters after the name: true when all are numbers. `*count`
// is how many there are (only the first counters->size() are kept).
bool ParseCounters(std::string_view rest, std::array<uint64_t, kDiskCounterCount + 1>* counters,
                   size_t* count) {
  bool numbers = true;
  *count = 0;
  for (std::string_view token = NextToken(&rest); !token.empty(); token = NextToken(&rest)) {
    if (*count < counters->size()) numbers &= ParseDecimal(token, &(*counters)[*count]);
    ++*count;
  }
  return numbers;
}

// The "major minor" that starts `*rest`, consumed; the reason when it is not.
const char* ParseDeviceId(std::string_view* rest, DiskstatsLine* dev) {
  const std::string_view major = NextToken(rest);
  const std::string_view minor = NextToken(rest);
  if (minor.empty()) return "expected major minor name";
  if (!ParseU32(major, &dev->major) || !ParseU32(minor, &dev->minor)) return "bad major:minor";
  return nullptr;
}

// The rest of a line after its "major minor" into `dev`; the reason when it
// is not a name plus 11, 15 or 17 numbers.
const char* ParseNameAndCounters(std::string_view rest, DiskstatsLine* dev) {
  const std::string_view name = NextToken(&rest);
  if (name.empty()) return "expected major minor name";
  std::array<uint64_t, kDiskCounterCount + 1> counters;
  size_t count = 0;
  const bool numbers = ParseCounters(rest, &counters, &count);
  if (!IsKnownCounterCount(count)) return "expected 11, 15 or 17 counters";
  if (!numbers) return "not a number";
  dev->name.assign(name.data(), name.size());
  dev->counters.assign(counters.begin(), counters.begin() + count);
  return nullptr;
}

size_t LineCount(std::string_view text) {
  size_t lines = 1;
  for (size_t eol = text.find('\n'); eol != std::string_view::npos; eol = text.find('\n', eol + 1)) {
    ++lines;
  }
  return lines;
}

// A device whose major:minor an earlier line has (the first such line), or
// nullptr. Sorted ids, not a hash set: no allocation per device.
const DiskstatsLine* FirstRepeat(const std::vector<DiskstatsLine>& devices) {
  std::vector<std::pair<uint64_t, size_t>> ids;  // (major:minor, index), sorted
  ids.reserve(devices.size());
  for (size_t i = 0; i < devices.size(); ++i) {
    ids.emplace_back(uint64_t{devices[i].major} << 32 | devices[i].minor, i);
  }
  std::sort(ids.begin(), ids.end());
  const DiskstatsLine* first = nullptr;
  for (size_t i = 1; i < ids.size(); ++i) {
    if (ids[i].first != ids[i - 1].first) continue;
    const DiskstatsLine* later = &devices[ids[i].second];
    if (first == nullptr || later < first) first = later;
  }
  return first;
}

}  // namespace

absl::StatusOr<Diskstats> ParseDiskstats(std::string_view text) {
  return ParseDiskstats(text, [](uint32_t, uint32_t) { return true; });
}

absl::StatusOr<Diskstats> ParseDiskstats(std::string_view text,
                                         absl::FunctionRef<bool(uint32_t, uint32_t)> wanted) {
  Diskstats stats;
  stats.devices.reserve(LineCount(text));
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t eol = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    ++line_no;
    if (line.empty()) continue;
    DiskstatsLine dev;
    std::string_view rest = line;
    if (const char* why = ParseDeviceId(&rest, &dev)) return LineError(line_no, line, why);
    if (!wanted(dev.major, dev.minor)) continue;
    if (const char* why = ParseNameAndCounters(rest, &dev)) return LineError(line_no, line, why);
    if (!stats.devices.empty() && dev.counters.size() != stats.counter_count) {
      return LineError(line_no, line, "lines disagree on their counter count");
    }
    stats.counter_count = dev.counters.size();
    stats.devices.push_back(std::move(dev));
  }
  if (const DiskstatsLine* repeat = FirstRepeat(stats.devices)) {
    return absl::InvalidArgumentError(absl::StrCat("/proc/diskstats: repeated major:minor ",
                                                   repeat->major, ":", repeat->minor, " (",
                                                   repeat->name, ")"));
  }
  return stats;
}

}  // namespace procview
