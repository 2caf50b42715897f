// meminfo.h: parser of /proc/meminfo text, keeping every line in order.
#ifndef PROCVIEW_PARSE_MEMINFO_H_
#define PROCVIEW_PARSE_MEMINFO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace procview {

// The lines procview reads or rewrites, recognized while parsing so that
// renderers look them up by index, never by name.
enum class MeminfoKey : uint8_t {
  kMemTotal,
  kMemFree,
  kMemAvailable,
  kBuffers,
  kCached,
  kSwapCached,
  kActive,
  kInactive,
  kActiveAnon,
  kInactiveAnon,
  kActiveFile,
  kInactiveFile,
  kUnevictable,
  kSwapTotal,
  kSwapFree,
  kDirty,
  kWriteback,
  kAnonPages,
  kMapped,
  kShmem,
  kKReclaimable,
  kSlab,
  kSReclaimable,
  kSUnreclaim,
  kKernelStack,
  kPageTables,
  kCommitLimit,
  kCommittedAs,
  kVmallocTotal,
  kVmallocUsed,
  kVmallocChunk,
  kAnonHugePages,
  kOther,  // any other line; not a key of its own
};
inline constexpr size_t kMeminfoKeys = static_cast<size_t>(MeminfoKey::kOther);

// The kernel's name of `key` ("Active(anon)"); empty for kOther.
std::string_view MeminfoKeyName(MeminfoKey key);

// One "Key:   value [kB]" line. The views point into the text it was read
// from (Meminfo::text for ParseMeminfo).
struct MeminfoLine {
  std::string_view key;  // "MemTotal", "Active(anon)", "HugePages_Total"
  uint64_t value = 0;    // kB when `kb`, else a plain count
  bool kb = false;       // the line ends in " kB"
  MeminfoKey id = MeminfoKey::kOther;  // which known line this is
  std::string_view raw;  // the line as read, without its newline
  // Only spaces between the colon and the value, and nothing after it but
  // " kB": the form the kernel writes (see PatchMeminfoValue).
  bool spaced = false;
  uint8_t digits = 0;  // the value's digit count as written
};

// A parsed /proc/meminfo: the host's lines in the host's order. Lines are
// views into the text, which the Meminfo keeps (moved in, not copied);
// copies of a Meminfo share that text and stay valid. (A meminfo read
// builds none: RenderMeminfo reads the text once with ScanMeminfoLine.)
struct Meminfo {
  std::shared_ptr<const std::string> text;
  std::vector<MeminfoLine> lines;
  // Per known key, its position in `lines` plus one; 0 when absent.
  std::array<uint16_t, kMeminfoKeys> position{};

  // The value of line `key` (kB or count), if present.
  std::optional<uint64_t> Value(MeminfoKey key) const;
  std::optional<uint64_t> Value(std::string_view key) const;
};

// Parses /proc/meminfo text. InvalidArgument when a non-empty line is not
// "Key: number" or "Key: number kB", or when a known key (MeminfoKey)
// repeats: its value would be ambiguous. Other repeated lines are kept as
// written (Value(name) answers the first).
absl::StatusOr<Meminfo> ParseMeminfo(std::string text);

// Reads the non-empty line at `p` (up to `end`) into `line`, id included,
// and sets `*eol` to its end (its newline or `end`). InvalidArgument, naming
// the line, when it is not "Key: number [kB]". What ParseMeminfo reads each
// line with; one-pass readers (the renderer) use it directly.
absl::Status ScanMeminfoLine(const char* p, const char* end, MeminfoLine* line, const char** eol);

// ScanMeminfoLine for a line of the kernel's own form ("Key:", spaces, the
// number, " kB" or nothing), which it reads without building a Status: its
// end, or nullptr for any other line (then ScanMeminfoLine judges it).
const char* ScanSpacedMeminfoLine(const char* p, const char* end, MeminfoLine* line);

// The value of the first line named `key` in /proc/meminfo `text`, checked
// as ParseMeminfo checks a line: nullopt when there is none, InvalidArgument
// when that line is malformed. For readers needing one value (swaps needs
// SwapTotal) without parsing the rest; other lines are not looked at.
absl::StatusOr<std::optional<uint64_t>> FindMeminfoValue(std::string_view text, MeminfoKey key);

// Formats a line the way the kernel does: "Key:" padded to 16 columns, the
// value right-aligned in 8 (wider values just widen), then " kB" when `kb`.
std::string FormatMeminfoLine(std::string_view key, uint64_t value, bool kb);
// The same line, appended to `out` (no newline).
void AppendMeminfoLine(std::string* out, std::string_view key, uint64_t value, bool kb);
// The same line written at `at`, which has room for MaxMeminfoLineSize(key)
// bytes; returns its end. What renderers use: no string of its own.
char* WriteMeminfoLine(char* at, std::string_view key, uint64_t value, bool kb);
// The most bytes a line of `key` takes: "Key:" padded to 16, 20 digits, " kB".
constexpr size_t MaxMeminfoLineSize(std::string_view key) {
  return (key.size() + 1 > 16 ? key.size() + 1 : 16) + 20 + 3;
}

// Rewrites in place the value of `line`, which `text` holds at `at`, to
// `value` when WriteMeminfoLine(line.key, value, line.kb) would differ from
// the line only in its 8-column value field: the line is `spaced`, its
// value ends that field and `value` fits it. False (nothing written)
// otherwise. Eight bytes written instead of a line: most rewritten lines.
bool PatchMeminfoValue(char* at, const MeminfoLine& line, uint64_t value);

}  // namespace procview

#endif  // PROCVIEW_PARSE_MEMINFO_H_
