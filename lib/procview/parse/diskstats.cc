// diskstats.cc: parser of /proc/diskstats text.
#include "lib/procview/parse/diskstats.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

bool IsKnownCounterCount(size_t n) { return n == 11 || n == 15 || n == 17; }

// The kernel pads "major minor" to 4 and 7 columns: the blanks before them
// are skipped eight bytes at a time where eight can be read.
const char* SkipBlanks(const char* p, const char* end) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= 0x2020202020202020;  // zero bytes where the blanks are
    if (word != 0) return p + __builtin_ctzll(word) / 8;
    p += 8;
  }
#endif
  while (p != end && *p == ' ') ++p;
  return p;
}

// The number after the blanks at `*p`, up to the next blank or `end`;
// `*p` moves past it. False when that token is not an unsigned decimal
// that fits in 64 bits. Digits are read as they are found: this runs for
// every field of the lines read, on every read.
inline bool NextNumber(const char** p, const char* end, uint64_t* out) {
  const char* const start = SkipBlanks(*p, end);
  const char* q = start;
  uint64_t n = 0;
  for (; q != end; ++q) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(*q)) - '0';
    if (digit > 9) break;
    n = n * 10 + digit;
  }
  *p = q;
  if (q == start || (q != end && *q != ' ')) return false;
  const size_t size = static_cast<size_t>(q - start);
  if (size > 19) return ParseDecimal(std::string_view(start, size), out);  // checks overflow
  *out = n;
  return true;
}

// NextNumber for a counter: up to 20 digits, most of them 5 to 10 in a busy
// device's line, so read eight at a time.
inline bool NextCounter(const char** p, const char* end, uint64_t* out) {
  const char* const start = SkipBlanks(*p, end);
  uint64_t n = 0;
  const char* const q = ParseDigits(start, end, &n);  // wraps past 19 digits: see below
  *p = q;
  if (q == start || (q != end && *q != ' ')) return false;
  const size_t size = static_cast<size_t>(q - start);
  if (size > 19) return ParseDecimal(std::string_view(start, size), out);  // checks overflow
  *out = n;
  return true;
}

}  // namespace

const char* ParseDiskstatsDevice(const char** p, const char* end, uint32_t* major,
                                 uint32_t* minor) {
  uint64_t a = 0;
  uint64_t b = 0;
  if (!NextNumber(p, end, &a) || !NextNumber(p, end, &b)) return "expected major minor name";
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  if (a > kMax || b > kMax) return "bad major:minor";
  *major = static_cast<uint32_t>(a);
  *minor = static_cast<uint32_t>(b);
  return nullptr;
}

const char* ParseDiskstatsCounters(const char* p, const char* end, DiskstatsLine* dev,
                                   size_t* count) {
  const char* const name = SkipBlanks(p, end);
  p = name;
  while (p != end && *p != ' ') ++p;
  if (p == name) return "expected major minor name";
  dev->name.assign(name, static_cast<size_t>(p - name));
  *count = 0;
  for (p = SkipBlanks(p, end); p != end; p = SkipBlanks(p, end)) {
    if (*count == dev->counters.size()) return "expected 11, 15 or 17 counters";
    if (!NextCounter(&p, end, &dev->counters[*count])) return "not a number";
    ++*count;
  }
  if (!IsKnownCounterCount(*count)) return "expected 11, 15 or 17 counters";
  return nullptr;
}

absl::Status DiskstatsLineError(size_t line_no, std::string_view line, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "/proc/diskstats line ", line_no, " (\"",
      absl::string_view(line.data(), line.size()).substr(0, 60), "\"): ",
      absl::string_view(why.data(), why.size())));
}

absl::Status DiskstatsRepeatError(const DiskstatsLine& repeat) {
  return absl::InvalidArgumentError(absl::StrCat("/proc/diskstats: repeated major:minor ",
                                                 repeat.major, ":", repeat.minor, " (",
                                                 repeat.name, ")"));
}

namespace {

// A device whose major:minor an earlier line has (the first such line), or
// nullptr. Sorted ids, not a hash set: no allocation per device.
const DiskstatsLine* FirstRepeat(const std::vector<DiskstatsLine>& devices) {
  if (devices.size() < 2) return nullptr;  // the usual case: no vector to sort
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
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t eol = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    ++line_no;
    if (line.empty()) continue;
    const char* p = line.data();
    const char* const end = p + line.size();
    uint32_t major = 0;
    uint32_t minor = 0;
    if (const char* why = ParseDiskstatsDevice(&p, end, &major, &minor)) {
      return DiskstatsLineError(line_no, line, why);
    }
    if (!wanted(major, minor)) continue;
    DiskstatsLine& dev = stats.devices.emplace_back();
    dev.major = major;
    dev.minor = minor;
    size_t count = 0;
    if (const char* why = ParseDiskstatsCounters(p, end, &dev, &count)) {
      return DiskstatsLineError(line_no, line, why);
    }
    if (stats.devices.size() > 1 && count != stats.counter_count) {
      return DiskstatsLineError(line_no, line, "lines disagree on their counter count");
    }
    stats.counter_count = count;
  }
  if (const DiskstatsLine* repeat = FirstRepeat(stats.devices)) {
    return DiskstatsRepeatError(*repeat);
  }
  return stats;
}

}  // namespace procview
