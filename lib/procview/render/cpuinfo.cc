// cpuinfo.cc: the container's /proc/cpuinfo (see cpuinfo.h).
//
// Rendered on every read in one pass over the host's text: each line is
// found once; the blocks of visible CPUs are copied in runs up to the values
// they rewrite, the other CPUs' blocks are only checked.
#include "lib/procview/parse/lines.h"
#include "lib/procview/render/cpuinfo.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/cpuinfo.h"
#include "lib/procview/parse/decimal.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

// Appends `line` with its value after ':' replaced by `value`, keeping the
// key's spacing ("# processors : 3").
void AppendWithValue(std::string_view line, size_t value, std::string* out) {
  const std::string_view key = line.substr(0, line.find(':') + 1);
  out->append(key.data(), key.size()).push_back(' ');
  AppendDecimal(value, out);
}

// Where the ':' after key `key` at the start of `line` is (the key, then
// only blanks up to it); 0 when the line has another key. A template, so
// the key's length is a constant and the compare is inlined.
template <size_t N>
size_t KeyColon(std::string_view line, const char (&key)[N]) {
  constexpr size_t kSize = N - 1;
  if (line.size() <= kSize || std::memcmp(line.data(), key, kSize) != 0) return 0;
  for (size_t i = kSize; i < line.size(); ++i) {
    if (line[i] == ':') return i;
    if (!absl::ascii_isspace(static_cast<unsigned char>(line[i]))) return 0;
  }
  return 0;
}

// "processor<blanks>: N", the usual first line of a CPU block, without
// splitting it; nullopt for any other line, which CpuOfCpuinfoParagraph
// then reads.
std::optional<int> PlainProcessorLine(std::string_view line) {
  size_t i = KeyColon(line, "processor");
  if (i == 0) return std::nullopt;
  for (++i; i < line.size() && line[i] == ' ';) ++i;
  if (i == line.size() || line.size() - i > 9) return std::nullopt;  // fits an int
  int cpu = 0;
  for (; i < line.size(); ++i) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(line[i])) - '0';
    if (digit > 9) return std::nullopt;
    cpu = cpu * 10 + static_cast<int>(digit);
  }
  return cpu;
}

// Writes to a string through a cursor: each write is a bounds check and a
// memcpy (std::string::append is a library call; a CPU block is written in
// ~10 pieces). The string grows a step at a time: its new bytes are zeroed
// in runs short enough for memset's vector loop (above ~2 kB it uses `rep
// stosb`, which is slower to start, and counted per byte by valgrind).
class Writer {
 public:
  static constexpr size_t kStep = 2048;
  explicit Writer(std::string* out) : out_(out), used_(out->size()) {}
  void Write(const char* p, size_t n) {
    if (out_->size() - used_ < n) Grow(n);
    std::memcpy(&(*out_)[used_], p, n);
    used_ += n;
  }
  size_t size() const { return used_; }
  // Cuts the string to what was written.
  void Finish() { out_->resize(used_); }

 private:
  // Room for `n` more bytes, within the capacity reserved when it suffices
  // (growing past it would copy the text written so far).
  void Grow(size_t n) {
    size_t size = used_ + std::max(n, kStep);
    if (used_ + n <= out_->capacity()) size = std::min(size, out_->capacity());
    out_->resize(size);
  }

  std::string* const out_;
  size_t used_;
};

// A per-CPU line's new value, and where its key's ':' is.
struct Rewrite {
  size_t value = 0;
  size_t colon = 0;
};

// How a line of container CPU `index` is rewritten, or nullopt to keep the
// host's. Most lines are passed over on their first two characters.
std::optional<Rewrite> PerCpuRewrite(std::string_view line, size_t index) {
  if (line.size() < 2) return std::nullopt;
  size_t colon = 0;
  switch (static_cast<unsigned char>(line[0]) << 8 | static_cast<unsigned char>(line[1])) {
    case 'p' << 8 | 'r':
      if ((colon = KeyColon(line, "processor"))) return Rewrite{index, colon};
      break;
    case 'p' << 8 | 'h':
      if ((colon = KeyColon(line, "physical id"))) return Rewrite{index, colon};
      break;
    case 'c' << 8 | 'p':
      if ((colon = KeyColon(line, "cpu number"))) return Rewrite{index, colon};
      if ((colon = KeyColon(line, "cpu cores"))) return Rewrite{1, colon};
      break;
    case 'c' << 8 | 'o':
      if ((colon = KeyColon(line, "core id"))) return Rewrite{0, colon};
      break;
    case 's' << 8 | 'i':
      if ((colon = KeyColon(line, "siblings"))) return Rewrite{1, colon};
      break;
    default:
      break;
  }
  return std::nullopt;
}

// s390x summary "processor N: version = ..." -> N.
std::optional<int> S390ProcessorLine(std::string_view key) {
  absl::string_view k(key.data(), key.size());
  int cpu = 0;
  if (!absl::ConsumePrefix(&k, "processor ") || !absl::SimpleAtoi(k, &cpu)) return std::nullopt;
  return cpu;
}

// Appends one header/footer paragraph rewritten for the visible CPUs.
void AppendSummaryParagraph(CpuinfoParagraph host, const std::vector<int>& visible,
                            std::string* out) {
  const std::vector<std::string_view> lines = CpuinfoLines(host);
  absl::flat_hash_map<int, std::string_view> s390_lines;
  for (std::string_view line : lines) {
    const auto kv = SplitCpuinfoLine(line);
    if (!kv) continue;
    if (std::optional<int> cpu = S390ProcessorLine(kv->first)) s390_lines[*cpu] = line;
  }
  StartCpuinfoParagraph(out);
  bool s390_done = false;
  for (std::string_view line : lines) {
    const auto kv = SplitCpuinfoLine(line);
    if (kv && kv->first == "# processors") {
      AppendWithValue(line, visible.size(), out);
    } else if (kv && S390ProcessorLine(kv->first).has_value()) {
      if (s390_done) continue;
      s390_done = true;  // all visible CPUs' lines go where the first one was
      for (size_t i = 0; i < visible.size(); ++i) {
        auto it = s390_lines.find(visible[i]);
        if (it == s390_lines.end()) continue;
        const std::string_view rest = it->second.substr(it->second.find(':'));
        out->append("processor ");
        AppendDecimal(i, out);
        out->append(rest.data(), rest.size());
        out->push_back('\n');
      }
      continue;
    } else {
      out->append(line.data(), line.size());
    }
    out->push_back('\n');
  }
}

// A CPU `cpus` lists twice, if any. The list is usually ascending: then
// there is none without sorting.
std::optional<int> RepeatedCpu(const std::vector<int>& cpus) {
  if (StrictlyAscending(cpus)) return std::nullopt;
  std::vector<int> sorted = cpus;
  std::sort(sorted.begin(), sorted.end());
  const auto it = std::adjacent_find(sorted.begin(), sorted.end());
  if (it == sorted.end()) return std::nullopt;
  return *it;
}

// The one pass over the host's text: fed its lines in order, it writes the
// container's text as it goes.
class CpuinfoPass {
 public:
  CpuinfoPass(const std::vector<int>& visible, std::string* out)
      : visible_(visible), ascending_(StrictlyAscending(visible)), out_(out), writer_(out),
        placed_(visible.size()) {}

  // Every line of `host`, then the end checks (see Finish).
  absl::Status Run(std::string_view host) {
    const char* p = host.data();
    const char* const end = p + host.size();
    while (p != end) {
      const std::string_view line = NextLine(&p, end);
      // Only a line that starts with a blank can be blank: one test for most.
      if ((line.empty() || absl::ascii_isspace(static_cast<unsigned char>(line[0]))) &&
          IsBlankCpuinfoLine(line)) {
        EndParagraph();
        continue;
      }
      if (kind_ == Kind::kNone) RETURN_IF_ERROR(StartParagraph(line));
      last_ = line.data() + line.size();
      if (kind_ == Kind::kVisibleCpu) RewriteLine(line);
    }
    EndParagraph();
    return Finish(CpuinfoEndsWithBlankLine(host));
  }

 private:
  enum class Kind { kNone, kSummary, kVisibleCpu, kHiddenCpu };
  static constexpr size_t kNotPlaced = std::string::npos;
  // Where a visible CPU's block is in the output: [begin, end).
  struct Placed {
    size_t begin = kNotPlaced;
    size_t end = 0;
  };

  // Checks the paragraph starting with `first_line` as ParseCpuinfo does,
  // and starts its block when it is a visible CPU's.
  absl::Status StartParagraph(std::string_view first_line) {
    start_ = first_line.data();
    std::optional<int> cpu = PlainProcessorLine(first_line);
    if (!cpu.has_value()) {
      ASSIGN_OR_RETURN(cpu, CpuOfCpuinfoParagraph(first_line));
    }
    if (!cpu.has_value()) {
      kind_ = Kind::kSummary;
      footer_ = !seen_.empty();
      return absl::OkStatus();
    }
    if (footer_) return absl::InvalidArgumentError("cpuinfo: CPU block after the trailing summary");
    // The kernel lists CPUs in ascending order: a CPU above every one so far
    // can't repeat, so only out-of-order CPUs are searched for.
    if (*cpu <= highest_ && std::find(seen_.begin(), seen_.end(), *cpu) != seen_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("cpuinfo: CPU ", *cpu, " repeats"));
    }
    highest_ = std::max(highest_, *cpu);
    seen_.push_back(*cpu);
    const size_t index = IndexOf(*cpu);
    if (index == kNotPlaced) {
      kind_ = Kind::kHiddenCpu;
      return absl::OkStatus();
    }
    kind_ = Kind::kVisibleCpu;
    index_ = index;
    reordered_ |= index != next_;
    next_ = index + 1;
    if (writer_.size() != 0) writer_.Write("\n", 1);  // the blank line before it
    placed_[index].begin = writer_.size();
    copied_ = start_;
    return absl::OkStatus();
  }

  // A blank line or the end of the text: the open paragraph, if any, ends.
  void EndParagraph() {
    if (kind_ == Kind::kVisibleCpu) {
      writer_.Write(copied_, static_cast<size_t>(last_ - copied_));
      writer_.Write("\n", 1);
      placed_[index_].end = writer_.size();
    } else if (kind_ == Kind::kSummary) {  // rare (s390x, ppc64le): through a string
      if (writer_.size() != 0) writer_.Write("\n", 1);  // the blank line before it
      std::string summary;
      AppendSummaryParagraph(std::string_view(start_, static_cast<size_t>(last_ - start_)),
                             visible_, &summary);
      writer_.Write(summary.data(), summary.size());
    }
    kind_ = Kind::kNone;
  }

  // After the last paragraph: what ParseCpuinfo would reject in the whole
  // text, then `visible`'s errors; the blocks in container order.
  absl::Status Finish(bool trailing_blank) {
    writer_.Finish();
    if (seen_.empty()) return absl::InvalidArgumentError("cpuinfo: no CPU blocks");
    if (visible_.empty()) return absl::InvalidArgumentError("no visible CPUs");
    if (const std::optional<int> cpu = RepeatedCpu(visible_)) {
      return absl::InvalidArgumentError(absl::StrCat("visible CPU ", *cpu, " repeats"));
    }
    for (size_t i = 0; i < placed_.size(); ++i) {
      if (placed_[i].begin == kNotPlaced) {
        return absl::FailedPreconditionError(
            absl::StrCat("host cpuinfo has no block for visible CPU ", visible_[i]));
      }
    }
    if (reordered_) PutBlocksInContainerOrder();
    if (trailing_blank) out_->push_back('\n');
    return absl::OkStatus();
  }

  // The container CPU of host CPU `cpu`, or kNotPlaced. Both lists are
  // usually ascending: then it is the one after the last found.
  size_t IndexOf(int cpu) const {
    if (next_ < visible_.size() && visible_[next_] == cpu) return next_;
    const auto it = ascending_ ? std::lower_bound(visible_.begin(), visible_.end(), cpu)
                               : std::find(visible_.begin(), visible_.end(), cpu);
    return it != visible_.end() && *it == cpu ? static_cast<size_t>(it - visible_.begin())
                                              : kNotPlaced;
  }

  // A line of a visible CPU's block: when it is rewritten, the text up to its
  // value and the new value are written (keeping the key's spacing,
  // "processor\t: 3"); otherwise it goes with the next run.
  void RewriteLine(std::string_view line) {
    const std::optional<Rewrite> rewrite = PerCpuRewrite(line, index_);
    if (!rewrite.has_value()) return;
    writer_.Write(copied_, static_cast<size_t>(line.data() + rewrite->colon + 1 - copied_));
    char value[24];  // " " and up to 20 digits
    value[0] = ' ';
    writer_.Write(value, static_cast<size_t>(WriteDecimal(rewrite->value, value + 1) - value));
    copied_ = line.data() + line.size();
  }

  // The blocks were written in the host's order, which differs from the
  // container's (a `visible` not ascending): the same bytes, permuted.
  void PutBlocksInContainerOrder() {
    size_t begin = kNotPlaced;
    size_t end = 0;
    for (const Placed& p : placed_) {
      begin = std::min(begin, p.begin);
      end = std::max(end, p.end);
    }
    const std::string blocks = out_->substr(begin, end - begin);
    size_t at = begin;
    for (const Placed& p : placed_) {
      if (at != begin) (*out_)[at++] = '\n';  // the blank line between blocks
      std::memcpy(&(*out_)[at], blocks.data() + (p.begin - begin), p.end - p.begin);
      at += p.end - p.begin;
    }
  }

  const std::vector<int>& visible_;
  const bool ascending_;  // visible_ is strictly ascending
  std::string* const out_;
  Writer writer_;  // writes to out_ until Finish
  Kind kind_ = Kind::kNone;       // of the open paragraph
  const char* start_ = nullptr;   // the open paragraph's first byte
  const char* last_ = nullptr;    // the end of its last line so far
  const char* copied_ = nullptr;  // visible CPU block: its text up to here is written
  size_t index_ = 0;              // visible CPU block: its container CPU
  size_t next_ = 0;               // the container CPU whose block is expected next
  bool reordered_ = false;        // a block came before one of a lower container CPU
  bool footer_ = false;           // a summary paragraph followed a CPU block
  int highest_ = -1;              // the highest host CPU so far
  absl::InlinedVector<int, 16> seen_;       // host CPUs with a block, in file order
  absl::InlinedVector<Placed, 16> placed_;  // per container CPU
};

}  // namespace

absl::StatusOr<std::string> RenderCpuinfo(std::string_view host, const std::vector<int>& visible) {
  std::string out;
  out.reserve(host.size() + 24 * visible.size() + 1);  // rewritten values may be longer
  RETURN_IF_ERROR(CpuinfoPass(visible, &out).Run(host));
  return out;
}

}  // namespace procview
