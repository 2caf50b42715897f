// cgroup_values.cc: pure parsers of cgroup v1 and v2 files.
#include "lib/procview/parse/cgroup_values.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::string_view OneLine(std::string_view text) {
  absl::string_view line = View(text);
  absl::ConsumeSuffix(&line, "\n");
  return line;
}

// Digits only (SimpleAtoi also takes signs and blanks), no overflow.
bool ParseUnsigned(absl::string_view s, uint64_t* out) {
  return ParseDecimal(std::string_view(s.data(), s.size()), out);
}

bool ParseUnsigned32(absl::string_view s, uint32_t* out) {
  uint64_t v = 0;
  if (!ParseUnsigned(s, &v) || v > std::numeric_limits<uint32_t>::max()) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

absl::Status Malformed(absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed ", what, ": \"", text.substr(0, 80), "\""));
}

// "MAJ:MIN". std::string_view: its find is inline, absl's is a library call.
bool ParseDevice(std::string_view s, uint32_t* major, uint32_t* minor) {
  const size_t colon = s.find(':');
  return colon != std::string_view::npos && ParseUnsigned32(View(s.substr(0, colon)), major) &&
         ParseUnsigned32(View(s.substr(colon + 1)), minor);
}

// Calls `fn(key, value)` for each "key value" line of `text`, in file order,
// without copying anything: the parsers of hot files (memory.stat is read
// on every meminfo read, ~70 lines) pick their keys straight from the text.
// InvalidArgument, naming the line, on a line that is not "key number".
template <typename Fn>
absl::Status ForEachKeyed(std::string_view text, Fn fn) {
  absl::string_view rest = OneLine(text);
  while (!rest.empty()) {
    const size_t eol = rest.find('\n');
    const absl::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == absl::string_view::npos ? rest.size() : eol + 1);
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    uint64_t v = 0;
    if (space == 0 || space == absl::string_view::npos ||
        !ParseUnsigned(line.substr(space + 1), &v)) {
      return Malformed("\"key value\" line", line);
    }
    fn(line.substr(0, space), v);
  }
  return absl::OkStatus();
}

// The values of keys `first` and `second` of a small "key value" file.
absl::StatusOr<std::pair<uint64_t, uint64_t>> TwoKeyed(std::string_view text,
                                                       absl::string_view first,
                                                       absl::string_view second,
                                                       absl::string_view what) {
  std::optional<uint64_t> a;
  std::optional<uint64_t> b;
  RETURN_IF_ERROR(ForEachKeyed(text, [&](absl::string_view key, uint64_t value) {
    if (!a && key == first) a = value;
    if (!b && key == second) b = value;
  }));
  if (!a || !b) return Malformed(what, View(text));
  return std::make_pair(*a, *b);
}

absl::StatusOr<std::optional<double>> QuotaCpus(absl::string_view quota, uint64_t period,
                                                absl::string_view what,
                                                absl::string_view text) {
  if (period == 0) return Malformed(what, text);
  uint64_t q = 0;
  // The kernel refuses quotas under 1 ms, so 0 is damage, not "no CPU"; as
  // a number it would win LowestQuota and then be ignored downstream.
  if (!ParseUnsigned(quota, &q) || q == 0) return Malformed(what, text);
  return static_cast<double>(q) / static_cast<double>(period);
}

}  // namespace

absl::StatusOr<uint64_t> ParseU64File(std::string_view text) {
  uint64_t v = 0;
  const char* const end = text.data() + text.size();
  const char* const number_end = ParseDecimalLine(text.data(), end, &v);
  // One line: nothing after its newline.
  if (number_end == nullptr || end - number_end > 1) return Malformed("number", View(text));
  return v;
}

absl::StatusOr<Limit> ParseV1Limit(std::string_view text) {
  absl::StatusOr<uint64_t> v = ParseU64File(text);
  if (!v.ok()) return v.status();
  if (*v >= kV1NoLimitThreshold) return Limit();
  return Limit(*v);
}

absl::StatusOr<Limit> ParseV2Limit(std::string_view text) {
  if (OneLine(text) == "max") return Limit();
  absl::StatusOr<uint64_t> v = ParseU64File(text);
  if (!v.ok()) return v.status();
  return Limit(*v);
}

absl::StatusOr<std::optional<double>> ParseCpuMax(std::string_view text) {
  std::vector<absl::string_view> f = absl::StrSplit(OneLine(text), ' ');
  uint64_t period = 0;
  if (f.size() != 2 || !ParseUnsigned(f[1], &period)) return Malformed("cpu.max", View(text));
  if (f[0] == "max") return std::optional<double>();
  return QuotaCpus(f[0], period, "cpu.max", View(text));
}

absl::StatusOr<std::optional<double>> ParseCfsQuota(std::string_view quota_text,
                                                    std::string_view period_text) {
  const absl::string_view quota = OneLine(quota_text);
  uint64_t period = 0;
  if (!ParseUnsigned(OneLine(period_text), &period)) {
    return Malformed("cpu.cfs_period_us", View(period_text));
  }
  if (quota == "-1") return std::optional<double>();
  return QuotaCpus(quota, period, "cpu.cfs_quota_us", quota);
}

bool CfsQuotaUnset(std::string_view quota_text) { return OneLine(quota_text) == "-1"; }

absl::StatusOr<FlatKeyed> ParseFlatKeyed(std::string_view text) {
  FlatKeyed out;
  RETURN_IF_ERROR(ForEachKeyed(text, [&](absl::string_view key, uint64_t value) {
    out.emplace(std::string(key), value);
  }));
  return out;
}

// Read on every read of a CPU-shaped file, one line per host CPU: split by
// hand rather than into vectors of fields.
namespace {

// The number at `p` followed by `stop` (or ending `end` when `stop` is '\n'),
// as ParseDecimal takes it; returns where `stop` is, or nullptr.
const char* NumberBefore(const char* p, const char* end, char stop, uint64_t* value) {
  const char* const digits = p;
  p = ParseDigits(p, end, value);
  if (p == digits || (p == end ? stop != '\n' : *p != stop)) return nullptr;
  if (p - digits > 19 && !ParseDecimal(std::string_view(digits, p - digits), value)) {
    return nullptr;
  }
  return p;
}

}  // namespace

absl::StatusOr<std::vector<CpuTime>> ParseCpuacctUsageAll(std::string_view text) {
  const absl::string_view all = OneLine(text);
  constexpr absl::string_view kHeader = "cpu user system";
  if (!absl::StartsWith(all, kHeader) ||
      (all.size() > kHeader.size() && all[kHeader.size()] != '\n')) {
    return Malformed("cpuacct.usage_all header", View(text));
  }
  std::vector<CpuTime> out;
  if (all.size() == kHeader.size()) return out;
  const char* p = all.data() + kHeader.size() + 1;
  const char* const end = all.data() + all.size();
  // One line per CPU, usually over 12 bytes: room without counting them.
  out.reserve(static_cast<size_t>(end - p) / 12 + 1);
  // One pass over each "CPU USER SYSTEM" line: exactly two spaces.
  while (true) {
    const char* const line = p;
    CpuTime t;
    uint64_t cpu = 0;
    if ((p = NumberBefore(p, end, ' ', &cpu)) == nullptr || cpu > 65535 ||
        (p = NumberBefore(p + 1, end, ' ', &t.user_ns)) == nullptr ||
        (p = NumberBefore(p + 1, end, '\n', &t.system_ns)) == nullptr) {
      const char* const eol = std::find(line, end, '\n');
      return Malformed("cpuacct.usage_all line", absl::string_view(line, eol - line));
    }
    t.cpu = static_cast<int>(cpu);
    out.push_back(t);
    if (p == end) break;
    ++p;
  }
  return out;
}

absl::StatusOr<CpuTotals> ParseCpuacctStat(std::string_view text) {
  ASSIGN_OR_RETURN(const auto ticks, TwoKeyed(text, "user", "system", "cpuacct.stat"));
  constexpr uint64_t kNsPerTick = 1'000'000'000 / kUserHz;
  return CpuTotals{ticks.first * kNsPerTick, ticks.second * kNsPerTick};
}

absl::StatusOr<CpuTotals> ParseCpuStatV2(std::string_view text) {
  ASSIGN_OR_RETURN(const auto usec, TwoKeyed(text, "user_usec", "system_usec", "cpu.stat"));
  return CpuTotals{usec.first * 1000, usec.second * 1000};
}

namespace {

// The blank-separated field of `line` at or after `*pos` (empty at the end),
// `*pos` moved past it.
std::string_view NextField(std::string_view line, size_t* pos) {
  const size_t start = std::min(line.find_first_not_of(' ', *pos), line.size());
  *pos = std::min(line.find(' ', start), line.size());
  return line.substr(start, *pos - start);
}

// The IoDeviceStats field of an io.stat key; null for keys not read.
uint64_t IoDeviceStats::*IoStatField(std::string_view key) {
  return key == "rbytes"   ? &IoDeviceStats::read_bytes
         : key == "wbytes" ? &IoDeviceStats::write_bytes
         : key == "rios"   ? &IoDeviceStats::read_ios
         : key == "wios"   ? &IoDeviceStats::write_ios
         : key == "dbytes" ? &IoDeviceStats::discard_bytes
         : key == "dios"   ? &IoDeviceStats::discard_ios
                           : nullptr;
}

// The entry of `devices` for device `major`:`minor`, appended when new (a
// scan: a cgroup has I/O on a few devices).
IoDeviceStats* FindOrAddDevice(uint32_t major, uint32_t minor,
                               std::vector<IoDeviceStats>* devices) {
  for (IoDeviceStats& d : *devices) {
    if (d.major == major && d.minor == minor) return &d;
  }
  IoDeviceStats& d = devices->emplace_back();
  d.major = major;
  d.minor = minor;
  return &d;
}

// The digits at `p` as one number of a "MAJ:MIN" (as ParseDevice takes it:
// digits only, fitting in 32 bits): where they end, or nullptr.
const char* ParseDeviceNumber(const char* p, const char* end, uint32_t* out) {
  uint64_t n = 0;  // a byte loop: these have a few digits, too few for ParseDigits' eight
  const char* q = p;
  for (unsigned digit; q != end && (digit = static_cast<unsigned char>(*q - '0')) <= 9; ++q) {
    n = n * 10 + digit;  // wraps past 19 digits: checked again below
  }
  if (q == p) return nullptr;
  if (q - p > 19 && !ParseDecimal(std::string_view(p, static_cast<size_t>(q - p)), &n)) {
    return nullptr;
  }
  if (n > std::numeric_limits<uint32_t>::max()) return nullptr;
  *out = static_cast<uint32_t>(n);
  return q;
}

// The "MAJ:MIN " that starts a blkio line at `p`: where the rest starts, or
// nullptr.
const char* ParseBlkioDevice(const char* p, const char* end, uint32_t* major, uint32_t* minor) {
  p = ParseDeviceNumber(p, end, major);
  if (p == nullptr || p == end || *p != ':') return nullptr;
  p = ParseDeviceNumber(p + 1, end, minor);
  if (p == nullptr || p == end || *p != ' ') return nullptr;
  return p + 1;
}

// A few bytes that start a line ("254:0 "), kept as a word so that whether
// a later line starts with them is one load and compare.
class LinePrefix {
 public:
  // Keeps [p, q) when it fits in a word and 8 bytes can be loaded at `p`.
  void Keep(const char* p, const char* q, const char* end) {
    const size_t size = static_cast<size_t>(q - p);
    mask_ = 0;
    if (size == 0 || size > 8 || end - p < 8) return;
    unsigned char mask[8] = {};  // ones over the first `size` bytes, whatever the byte order
    std::memset(mask, 0xff, size);
    std::memcpy(&mask_, mask, 8);
    std::memcpy(&word_, p, 8);
    word_ &= mask_;
    size_ = size;
  }
  // Where the line at `p` continues after the kept bytes, or nullptr when it
  // does not start with them (or none are kept).
  const char* Match(const char* p, const char* end) const {
    if (mask_ == 0 || end - p < 8) return nullptr;
    uint64_t word;
    std::memcpy(&word, p, 8);
    return (word & mask_) == word_ ? p + size_ : nullptr;
  }

 private:
  uint64_t word_ = 0;
  uint64_t mask_ = 0;  // 0: none kept
  size_t size_ = 0;
};

// The end of the line at `p` (its '\n', or `end`). Lines end after their
// number, mostly: those digits are skipped before a search.
const char* LineEnd(const char* p, const char* end) {
  uint64_t unused = 0;
  p = ParseDigits(p, end, &unused);
  if (p == end || *p == '\n') return p;
  const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
  return newline ? static_cast<const char*>(newline) : end;
}

// True when the text at `p` starts with `word` (its length a constant, so
// the compare is inlined).
template <size_t N>
bool StartsWith(const char* p, const char* end, const char (&word)[N]) {
  return end - p >= static_cast<ptrdiff_t>(N - 1) && std::memcmp(p, word, N - 1) == 0;
}

// The operation and blank at `op` ("Read 1" -> "Read "): the IoDeviceStats
// field it fills in `columns` (null for Sync, Async, Total and a column not
// kept), and in `*value` where its value starts; false when there is no
// operation or no blank after it.
bool ParseBlkioOp(const char* op, const char* end, const BlkioColumns& columns,
                  uint64_t IoDeviceStats::**field, const char** value) {
  // The kernel's operations, found by their first byte and one compare.
  const char first = op != end ? *op : '\0';
  if (first == 'R' && StartsWith(op, end, "Read ")) {
    *field = columns.read;
    *value = op + 5;
  } else if (first == 'W' && StartsWith(op, end, "Write ")) {
    *field = columns.write;
    *value = op + 6;
  } else if (first == 'D' && StartsWith(op, end, "Discard ")) {
    *field = columns.discard;
    *value = op + 8;
  } else if ((first == 'S' && StartsWith(op, end, "Sync ")) ||
             (first == 'A' && StartsWith(op, end, "Async "))) {
    *field = nullptr;
    *value = op + (first == 'S' ? 5 : 6);
  } else if (first == 'T' && StartsWith(op, end, "Total ")) {
    *field = nullptr;
    *value = op + 6;
  } else {  // an operation this kernel added
    const char* p = op;
    while (p != end && *p != ' ' && *p != '\n') ++p;
    if (p == op || p == end || *p != ' ') return false;
    *field = nullptr;
    *value = p + 1;
  }
  return true;
}

}  // namespace

// Scanned by hand: io.stat is read on every diskstats read of a v2 host.
absl::StatusOr<std::vector<IoDeviceStats>> ParseIoStat(std::string_view text) {
  std::vector<IoDeviceStats> out;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty()) continue;
    // "MAJ:MIN key=value ...", blank-separated (runs of blanks allowed).
    size_t pos = 0;
    const std::string_view device = NextField(line, &pos);
    IoDeviceStats d;
    if (!ParseDevice(device, &d.major, &d.minor)) return Malformed("io.stat line", View(line));
    for (std::string_view field = NextField(line, &pos); !field.empty();
         field = NextField(line, &pos)) {
      const size_t eq = field.find('=');
      if (eq == std::string_view::npos) return Malformed("io.stat line", View(line));
      uint64_t v = 0;
      if (!ParseDecimal(field.substr(eq + 1), &v)) continue;  // e.g. cost.* floats: not ours
      if (uint64_t IoDeviceStats::*member = IoStatField(field.substr(0, eq))) d.*member = v;
    }
    out.push_back(d);
  }
  return out;
}

// One pass with no search per line in the usual case: each line's end is
// found by parsing up to it. Read on every diskstats read of a v1 host.
absl::Status ParseBlkio(std::string_view text, const BlkioColumns& columns,
                        std::vector<IoDeviceStats>* devices) {
  const char* p = text.data();
  const char* const end = p + text.size();
  // A device's lines come together: most lines start with the "MAJ:MIN " of
  // the line before, so they are compared with it rather than parsed.
  IoDeviceStats* device = nullptr;  // that line's device
  LinePrefix id;                    // its "MAJ:MIN "
  while (p != end) {
    const char* const line = p;
    if (*p == '\n') {  // an empty line
      ++p;
      continue;
    }
    const auto malformed = [line, end] {
      return Malformed("blkio line", View(std::string_view(
                                         line, static_cast<size_t>(LineEnd(line, end) - line))));
    };
    if (*p == 'T') {  // the closing "Total N"
      if (end - p < 6 || std::memcmp(p, "Total ", 6) != 0) return malformed();
      uint64_t unused = 0;
      const char* const digits = p + 6;
      p = ParseDigits(digits, end, &unused);
      if (p == digits || (p != end && *p != '\n')) return malformed();
    } else {  // "MAJ:MIN Op N"
      const char* op = id.Match(p, end);
      if (op == nullptr) {
        uint32_t major = 0;
        uint32_t minor = 0;
        op = ParseBlkioDevice(p, end, &major, &minor);
        if (op == nullptr) return malformed();
        device = FindOrAddDevice(major, minor, devices);
        id.Keep(p, op, end);
      }
      uint64_t IoDeviceStats::*field = nullptr;
      const char* value = nullptr;
      if (!ParseBlkioOp(op, end, columns, &field, &value)) return malformed();
      // The values of lines not read (Sync, Async, Total) are not checked:
      // every read scans these files, and they are most of their lines.
      if (field == nullptr) {
        p = LineEnd(value, end);
      } else if ((p = ParseDecimalLine(value, end, &(device->*field))) == nullptr) {
        return malformed();
      }
    }
    if (p != end) ++p;  // past the '\n'
  }
  return absl::OkStatus();
}

}  // namespace procview
