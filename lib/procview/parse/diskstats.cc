// diskstats.cc: parser of /proc/diskstats text.
#include "lib/procview/parse/diskstats.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace procview {
namespace {

absl::Status LineError(size_t line_no, absl::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("/proc/diskstats line ", line_no, " (\"", line.substr(0, 60), "\"): ", why));
}

bool IsKnownCounterCount(size_t n) { return n == 11 || n == 15 || n == 17; }

}  // namespace

absl::StatusOr<Diskstats> ParseDiskstats(std::string_view std_text) {
  // Debian's abseil has its own string_view type.
  const absl::string_view text(std_text.data(), std_text.size());
  Diskstats stats;
  absl::flat_hash_set<std::pair<uint32_t, uint32_t>> seen;
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    std::vector<absl::string_view> tokens = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (tokens.size() < 3) return LineError(line_no, line, "expected major minor name");
    const size_t count = tokens.size() - 3;
    if (!IsKnownCounterCount(count)) {
      return LineError(line_no, line, "expected 11, 15 or 17 counters");
    }
    if (!stats.devices.empty() && count != stats.counter_count) {
      return LineError(line_no, line, "lines disagree on their counter count");
    }
    DiskstatsLine dev;
    if (!absl::SimpleAtoi(tokens[0], &dev.major) || !absl::SimpleAtoi(tokens[1], &dev.minor)) {
      return LineError(line_no, line, "bad major:minor");
    }
    if (!seen.emplace(dev.major, dev.minor).second) {
      return LineError(line_no, line, "repeated major:minor");
    }
    dev.name = std::string(tokens[2]);
    dev.counters.resize(count);
    for (size_t i = 0; i < count; ++i) {
      if (!absl::SimpleAtoi(tokens[3 + i], &dev.counters[i])) {
        return LineError(line_no, line, "not a number");
      }
    }
    stats.counter_count = count;
    stats.devices.push_back(std::move(dev));
  }
  return stats;
}

}  // namespace procview
