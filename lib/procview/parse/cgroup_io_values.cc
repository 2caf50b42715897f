// cgroup_io_values.cc: parsers of the cgroup I/O files (v1 blkio, v2
// io.stat), declared in cgroup_values.h.
#include <cstddef>
#include <cstring>

#include "absl/status/status.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/parse/cgroup_values_text.h"
#include "lib/procview/parse/decimal.h"

namespace procview {

using cgroup_text::Malformed;
using cgroup_text::ParseDevice;
using cgroup_text::View;

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
