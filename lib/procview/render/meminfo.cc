// meminfo.cc: the container's /proc/meminfo (see meminfo.h for each line).
#include "lib/procview/render/meminfo.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/parse/meminfo_layout.h"

namespace procview {
namespace {

using K = MeminfoKey;

uint64_t Kb(uint64_t bytes) { return bytes / 1024; }

uint64_t SaturatingSub(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

// The values of the lines this file rewrites, by key: fixed arrays, so a
// read builds no map.
class Rewrites {
 public:
  void Set(K key, uint64_t value) {
    values_[Index(key)] = value;
    set_[Index(key)] = true;
  }
  // Sets sum = a + b and the parts, with a <= cap and b <= cap - a.
  void SetSum(uint64_t cap, K sum, K first, uint64_t a, K second, uint64_t b) {
    a = std::min(a, cap);
    b = std::min(b, cap - a);
    Set(first, a);
    Set(second, b);
    Set(sum, a + b);
  }
  bool Has(K key) const { return key != K::kOther && set_[Index(key)]; }
  uint64_t Get(K key) const { return values_[Index(key)]; }

 private:
  static size_t Index(K key) { return static_cast<size_t>(key); }
  uint64_t values_[kMeminfoKeys];  // read only once set: not zeroed
  bool set_[kMeminfoKeys] = {};
};

// Host lines whose values are not amounts of RAM in use, left uncapped.
bool Uncapped(K id, bool kb) {
  return !kb || id == K::kVmallocTotal || id == K::kVmallocUsed || id == K::kVmallocChunk ||
         id == K::kCommittedAs;
}

// The container's value of a host line of key `id` and value `value`.
uint64_t NewValue(const Rewrites& values, uint64_t total, uint64_t commit_limit, K id, bool kb,
                  uint64_t value) {
  if (values.Has(id)) return values.Get(id);
  if (id == K::kCommitLimit) return std::min(value, commit_limit);
  return Uncapped(id, kb) ? value : std::min(value, total);
}

// The host's text turned into the container's. Lines that keep their size
// are edited in place (all of them, usually: values are rewritten within
// the kernel's 8-column field); from the first that does not, the text is
// copied into a new string, run by run, with the resized lines in between.
class Editor {
 public:
  explicit Editor(std::string* text) : text_(*text) {}

  // Replaces text[from, to) with `bytes`, `from` past any earlier `to`.
  void Replace(size_t from, size_t to, std::string_view bytes) {
    if (!copying_) {
      copying_ = true;
      copy_.reserve(text_.size() + 256);
    }
    copy_.append(text_, copied_, from - copied_).append(bytes.data(), bytes.size());
    copied_ = to;
  }

  // The text with the replacements, ending in a newline.
  std::string Finish() && {
    if (copying_) text_ = std::move(copy_.append(text_, copied_, std::string::npos));
    if (!text_.empty() && text_.back() != '\n') text_.push_back('\n');
    return std::move(text_);
  }

 private:
  std::string& text_;
  bool copying_ = false;
  std::string copy_;   // when copying_: text[0, copied_) edited
  size_t copied_ = 0;
};

// ScanMeminfoColumns where it exists, inlined: most lines are read by it.
inline __attribute__((always_inline)) const char* ScanColumns(const char* p, const char* end,
                                                              MeminfoColumns* line) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return ScanMeminfoColumns(p, end, line);
#else
  return nullptr;
#endif
}

// Sets the value of the kernel-layout line at `p`, scanned into `line`, to
// `value` by its field: written when it differs (the field is canonical, so
// it differs exactly when the value does). False when `value` does not fit
// the field: the line is then rewritten whole.
bool SetField(char* p, const MeminfoColumns& line, uint64_t value) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (value >= kMeminfoFieldLimit) return false;
  const uint64_t field = MeminfoValueField(value);
  if (field != line.field) std::memcpy(p + kMeminfoFieldAt, &field, 8);
  return true;
#else
  return false;
#endif
}

// A cap of kernel-layout values (MemTotal), as a field and that field read
// as a big-endian word, which orders fields as their values
// (ScanMeminfoColumns): a host line is capped without its value.
struct FieldCap {
  uint64_t field = 0;
  uint64_t order = UINT64_MAX;  // no field exceeds a cap too wide for one

  explicit FieldCap(uint64_t cap) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (cap >= kMeminfoFieldLimit) return;
    field = MeminfoValueField(cap);
    order = __builtin_bswap64(field);
#endif
  }
  // Caps the field of the line at `p`, scanned into `line`.
  void Apply(char* p, const MeminfoColumns& line) const {
    if (__builtin_bswap64(line.field) > order) std::memcpy(p + kMeminfoFieldAt, &field, 8);
  }
};

// Gives the kernel-layout line at `p`, scanned into `line`, its value by
// its field: the number is read only for CommitLimit. False, with the value
// in `value`, when the line must be rewritten whole (a value too wide).
inline __attribute__((always_inline)) bool EditField(char* p, const MeminfoColumns& line,
                                                     const Rewrites& values,
                                                     const FieldCap& total_cap,
                                                     uint64_t commit_limit, uint64_t* value) {
  if (values.Has(line.id)) {
    *value = values.Get(line.id);
  } else if (line.id == K::kCommitLimit) {
    *value = std::min(MeminfoFieldValue(line.field), commit_limit);
  } else {
    if (!Uncapped(line.id, line.kb)) total_cap.Apply(p, line);
    return true;
  }
  return SetField(p, line, *value);
}

// The host's MemTotal (the first), 0 when it has none or a malformed one.
// The kernel writes it first: then it is read with the first line.
uint64_t HostMemTotal(const std::string& host) {
  const char* const p = host.data();
  MeminfoColumns first;
  if (ScanColumns(p, p + host.size(), &first) != nullptr && first.id == K::kMemTotal) {
    return MeminfoFieldValue(first.field);
  }
  const absl::StatusOr<std::optional<uint64_t>> found = FindMeminfoValue(host, K::kMemTotal);
  return found.ok() ? found->value_or(0) : 0;
}

// A line not in the kernel's exact layout, scanned (and checked) as the
// parser does.
absl::Status ScanOtherLine(const char* p, const char* end, MeminfoLine* line, const char** eol) {
  *eol = ScanSpacedMeminfoLine(p, end, line);
  if (*eol != nullptr) return absl::OkStatus();
  return ScanMeminfoLine(p, end, line, eol);
}

// ScanWideMeminfoColumns where it exists: the line after ScanColumns'
// (VmallocTotal on every x86-64 host; most on hosts of 100 GiB or more).
const char* ScanWide(const char* p, const char* end, MeminfoLine* line) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return ScanWideMeminfoColumns(p, end, line);
#else
  return nullptr;
#endif
}

// A line in another form than the kernel's columns, as EditLines reads it.
struct OtherLine {
  MeminfoColumns columns;  // no field: the value is `value`
  uint64_t value;
  const char* eol;
};

// ScanOtherLine as an OtherLine (a key over 255 bytes is none of the known
// ones: its size is not used). Out of the loop of EditLines, whose lines
// are nearly all read by ScanColumns.
absl::StatusOr<OtherLine> ScanOther(const char* p, const char* end) {
  MeminfoLine line;
  const char* eol = nullptr;
  const absl::Status scanned = ScanOtherLine(p, end, &line, &eol);
  if (!scanned.ok()) return scanned;
  const uint8_t key_size = static_cast<uint8_t>(std::min<size_t>(line.key.size(), 255));
  return OtherLine{{0, line.id, key_size, line.kb}, line.value, eol};
}

// The parser's error for a known key met twice.
absl::Status Repeats(std::string_view key) {
  return absl::InvalidArgumentError(
      absl::StrCat("meminfo: ", absl::string_view(key.data(), key.size()), " repeats"));
}

// Rewrites text[at, line_end) with `value`: in place when the line keeps
// its size, else through `editor`. The line, scanned once already, is read
// again for what only this needs (its key's views, how its value is spaced).
void RewriteLine(uint64_t value, size_t at, size_t line_end, char* begin, const char* end,
                 Editor* editor) {
  MeminfoLine line;
  const char* eol = nullptr;
  if (!ScanOtherLine(begin + at, end, &line, &eol).ok()) return;  // checked by the first scan
  if (!PatchMeminfoValue(begin + at, line, value)) {
    editor->Replace(at, line_end, FormatMeminfoLine(line.key, value, line.kb));
  }
}

// The error of a host file without a usable MemTotal: its first malformed
// line's, as ParseMeminfo finds it, else the missing MemTotal.
absl::Status NoMemTotal(const std::string& host) {
  absl::StatusOr<Meminfo> parsed = ParseMeminfo(host);
  if (!parsed.ok()) return parsed.status();
  return absl::InvalidArgumentError("host meminfo has no MemTotal");
}

// The lines whose values follow from the container's swap: SwapTotal,
// SwapFree and CommitLimit (capped at MemTotal + SwapTotal), as bits.
constexpr uint32_t kSwapLines = uint32_t{1} << static_cast<size_t>(K::kSwapTotal) |
                                uint32_t{1} << static_cast<size_t>(K::kSwapFree) |
                                uint32_t{1} << static_cast<size_t>(K::kCommitLimit);

// Sets SwapTotal and SwapFree in `values` from `view` and returns
// CommitLimit's cap.
uint64_t SetSwap(const SwapView& view, uint64_t total, Rewrites* values) {
  values->Set(K::kSwapTotal, view.total_kb);
  values->Set(K::kSwapFree, view.free_kb());
  return total + view.total_kb;
}

// SetSwap for a swap that follows the host's SwapTotal, when the first of
// kSwapLines is met, at `line` (of key `id`, with `value`): its value when
// it is SwapTotal (which the kernel prints first), else the first SwapTotal
// line of `rest`, the text from that line on.
absl::StatusOr<uint64_t> SetFollowingSwap(const MemoryReadings& memory, const MeminfoSwap& swap,
                                          K id, uint64_t value, std::string_view rest,
                                          uint64_t total, Rewrites* values) {
  std::optional<uint64_t> host_total = value;
  if (id != K::kSwapTotal) {
    absl::StatusOr<std::optional<uint64_t>> found = FindMeminfoValue(rest, K::kSwapTotal);
    if (!found.ok()) return found.status();
    host_total = *found;
  }
  return SetSwap(
      ContainerSwap(memory, host_total.value_or(0), swap.host_swappiness, swap.report), total,
      values);
}

// Scans every line of `host` as ParseMeminfo does (the same errors, a
// known key repeating included) and rewrites those whose value changes.
absl::StatusOr<std::string> EditLines(Rewrites* values, uint64_t total,
                                      const MemoryReadings& memory, const MeminfoSwap& swap,
                                      std::string host) {
  // The swap's values are set now, or when the first of its lines is met.
  uint32_t swap_pending = swap.follows_host ? kSwapLines : 0;
  uint64_t commit_limit = swap.follows_host ? 0 : SetSwap(swap.fixed, total, values);
  Editor editor(&host);
  char* const begin = &host[0];
  const char* const end = begin + host.size();
  uint32_t seen = 0;  // known keys met, as bits
  static_assert(kMeminfoKeys <= 32, "a bit per known key");
  const FieldCap total_cap(total);
  for (char* p = begin; p < end;) {  // offsets only for the editor's rare calls
    if (*p == '\n') {  // an empty line: dropped
      editor.Replace(p - begin, p - begin + 1, {});
      ++p;
      continue;
    }
    MeminfoColumns line;  // in registers: the slow paths make their own MeminfoLine
    uint64_t other_value = 0;  // the value of a line in another form
    const char* eol = ScanColumns(p, end, &line);
    const bool columns = eol != nullptr;  // the kernel's layout: the field is at 16
    if (!columns) {
      MeminfoLine wide;  // a value wider than the field, read at once; other forms out of line
      if ((eol = ScanWide(p, end, &wide)) != nullptr) {
        line = MeminfoColumns{0, wide.id, static_cast<uint8_t>(wide.key.size()), wide.kb};
        other_value = wide.value;
      } else {
        const absl::StatusOr<OtherLine> other = ScanOther(p, end);
        if (!other.ok()) return other.status();
        line = other->columns;
        other_value = other->value;
        eol = other->eol;
      }
    }
    if (line.id != K::kOther) {
      const uint32_t bit = uint32_t{1} << static_cast<size_t>(line.id);
      if ((seen & bit) != 0) return Repeats(std::string_view(p, line.key_size));
      seen |= bit;
      if ((swap_pending & bit) != 0) {
        const uint64_t value = columns ? MeminfoFieldValue(line.field) : other_value;
        absl::StatusOr<uint64_t> limit = SetFollowingSwap(memory, swap, line.id, value,
                                                          std::string_view(p, end - p), total,
                                                          values);
        if (!limit.ok()) return limit.status();
        commit_limit = *limit;
        swap_pending = 0;
      }
    }
    uint64_t value = 0;  // when the line is rewritten whole
    bool rewrite = false;
    if (columns) {
      rewrite = !EditField(p, line, *values, total_cap, commit_limit, &value);
    } else {
      value = NewValue(*values, total, commit_limit, line.id, line.kb, other_value);
      rewrite = value != other_value;
    }
    if (rewrite) RewriteLine(value, p - begin, eol - begin, begin, end, &editor);
    p = begin + (eol - begin) + 1;
  }
  return std::move(editor).Finish();
}

}  // namespace

absl::StatusOr<std::string> RenderMeminfo(std::string host, const MemoryReadings& memory,
                                          const MeminfoSwap& swap) {
  uint64_t total = HostMemTotal(host);
  if (total == 0) return NoMemTotal(host);
  if (memory.limit.has_value() && Kb(*memory.limit) > 0) {
    total = std::min(total, Kb(*memory.limit));
  }
  const MemoryStat& st = memory.stat;
  const uint64_t free = SaturatingSub(total, Kb(memory.usage));
  const uint64_t reclaimable = SaturatingSub(Kb(st.file), Kb(st.shmem));

  Rewrites values;
  values.Set(K::kMemTotal, total);
  values.Set(K::kMemFree, free);
  values.Set(K::kMemAvailable, std::min(total, free + reclaimable));
  values.Set(K::kBuffers, 0);
  values.Set(K::kSwapCached, 0);
  values.SetSum(total, K::kActive, K::kActiveAnon, Kb(st.active_anon), K::kActiveFile,
                Kb(st.active_file));
  values.SetSum(total, K::kInactive, K::kInactiveAnon, Kb(st.inactive_anon), K::kInactiveFile,
                Kb(st.inactive_file));
  values.SetSum(total, K::kSlab, K::kSReclaimable, Kb(st.slab_reclaimable), K::kSUnreclaim,
                Kb(st.slab_unreclaimable));
  values.Set(K::kKReclaimable, values.Get(K::kSReclaimable));
  for (const auto& [key, bytes] : {std::pair<K, uint64_t>{K::kCached, st.file},
                                   {K::kUnevictable, st.unevictable},
                                   {K::kShmem, st.shmem},
                                   {K::kMapped, st.file_mapped},
                                   {K::kDirty, st.file_dirty},
                                   {K::kWriteback, st.file_writeback},
                                   {K::kAnonPages, st.anon},
                                   {K::kAnonHugePages, st.anon_thp},
                                   {K::kKernelStack, st.kernel_stack},
                                   {K::kPageTables, st.pagetables}}) {
    values.Set(key, std::min(total, Kb(bytes)));
  }

  return EditLines(&values, total, memory, swap, std::move(host));
}

}  // namespace procview
