// cpuinfo.cc: the container's /proc/cpuinfo (see cpuinfo.h).
//
// Rendered on every read: each CPU block is copied from the host's text in
// runs, and only the lines it rewrites are formatted.
#include "lib/procview/render/cpuinfo.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Appends `line` with its value after ':' replaced by `value`, keeping the
// key's spacing ("# processors : 3").
void AppendWithValue(std::string_view line, size_t value, std::string* out) {
  const std::string_view key = line.substr(0, line.find(':') + 1);
  out->append(key.data(), key.size()).push_back(' ');
  AppendDecimal(value, out);
}

// Writes past the end of a string through a cursor, with one bounds check
// per write instead of std::string::append's bookkeeping: CPU blocks are
// copied in ~10 pieces each on every read.
class Cursor {
 public:
  Cursor(std::string* out, size_t expected) : out_(out), used_(out->size()) {
    out_->resize(used_ + expected);
  }
  void Write(const char* p, size_t n) {
    if (out_->size() - used_ < n) out_->resize(std::max(2 * out_->size(), used_ + n));
    std::memcpy(&(*out_)[used_], p, n);
    used_ += n;
  }
  // Cuts the string to what was written.
  void Finish() { out_->resize(used_); }

 private:
  std::string* const out_;
  size_t used_;
};

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

// A per-CPU line's new value, and where its key's ':' is.
struct Rewrite {
  size_t value = 0;
  size_t colon = 0;
};

// How a line of container CPU `index` is rewritten, or nullopt to keep the
// host's. Most lines are passed over on their first character.
std::optional<Rewrite> PerCpuRewrite(std::string_view line, size_t index) {
  size_t colon = 0;
  switch (line.empty() ? '\0' : line[0]) {
    case 'p':
      if ((colon = KeyColon(line, "processor")) || (colon = KeyColon(line, "physical id"))) {
        return Rewrite{index, colon};
      }
      break;
    case 'c':
      if ((colon = KeyColon(line, "cpu number"))) return Rewrite{index, colon};
      if ((colon = KeyColon(line, "cpu cores"))) return Rewrite{1, colon};
      if ((colon = KeyColon(line, "core id"))) return Rewrite{0, colon};
      break;
    case 's':
      if ((colon = KeyColon(line, "siblings"))) return Rewrite{1, colon};
      break;
    default:
      break;
  }
  return std::nullopt;
}

// Appends the host block `block` as container CPU `index`: its lines as they
// are, copied in runs up to each rewritten value, which is written after
// its key's ':' (keeping the key's spacing, "processor\t: 3").
void AppendCpuBlock(std::string_view block, size_t index, std::string* text) {
  Cursor out(text, block.size() + 1);
  const char* copied = block.data();  // the host text up to here is written
  const char* p = block.data();
  const char* const end = p + block.size();
  while (p != end) {
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* const line_end = newline ? static_cast<const char*>(newline) : end;
    const std::string_view line(p, static_cast<size_t>(line_end - p));
    p = newline ? line_end + 1 : end;
    const std::optional<Rewrite> rewrite = PerCpuRewrite(line, index);
    if (!rewrite.has_value()) continue;
    out.Write(copied, static_cast<size_t>(line.data() + rewrite->colon + 1 - copied));
    char value[24];  // " " and up to 20 digits
    value[0] = ' ';
    out.Write(value, static_cast<size_t>(WriteDecimal(rewrite->value, value + 1) - value));
    copied = line_end;
  }
  out.Write(copied, static_cast<size_t>(end - copied));
  out.Write("\n", 1);
  out.Finish();
}

// s390x summary "processor N: version = ..." -> N.
std::optional<int> S390ProcessorLine(std::string_view key) {
  absl::string_view k(key.data(), key.size());
  int cpu = 0;
  if (!absl::ConsumePrefix(&k, "processor ") || !absl::SimpleAtoi(k, &cpu)) return std::nullopt;
  return cpu;
}

// Appends one header/footer paragraph rewritten for the visible CPUs.
void AppendSummaryParagraph(CpuinfoParagraph host,
                            const absl::flat_hash_map<int, size_t>& index_of,
                            const std::vector<int>& visible, std::string* out) {
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
      for (int cpu : visible) {
        auto it = s390_lines.find(cpu);
        if (it == s390_lines.end()) continue;
        const std::string_view rest = it->second.substr(it->second.find(':'));
        out->append("processor ");
        AppendDecimal(index_of.at(cpu), out);
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

// The block of host CPU `cpu`, trying the one after the last found first:
// both lists are usually ascending.
const CpuinfoProcessor* FindFrom(const Cpuinfo& host, int cpu, size_t* hint) {
  if (*hint < host.processors.size() && host.processors[*hint].cpu == cpu) {
    return &host.processors[(*hint)++];
  }
  const CpuinfoProcessor* block = host.Find(cpu);
  if (block != nullptr) *hint = static_cast<size_t>(block - host.processors.data()) + 1;
  return block;
}

}  // namespace

absl::StatusOr<std::string> RenderCpuinfo(const Cpuinfo& host, const std::vector<int>& visible) {
  if (visible.empty()) return absl::InvalidArgumentError("no visible CPUs");
  if (const std::optional<int> cpu = RepeatedCpu(visible)) {
    return absl::InvalidArgumentError(absl::StrCat("visible CPU ", *cpu, " repeats"));
  }
  std::vector<const CpuinfoProcessor*> blocks;
  blocks.reserve(visible.size());
  size_t size = 0;
  size_t hint = 0;
  for (int cpu : visible) {
    const CpuinfoProcessor* block = FindFrom(host, cpu, &hint);
    if (block == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("host cpuinfo has no block for visible CPU ", cpu));
    }
    blocks.push_back(block);
    size += block->lines.size() + 16;
  }
  for (CpuinfoParagraph p : host.header) size += p.size() + 2;
  for (CpuinfoParagraph p : host.footer) size += p.size() + 2;
  std::string out;
  out.reserve(size + 1);
  absl::flat_hash_map<int, size_t> index_of;  // only summary paragraphs (s390x) need it
  if (!host.header.empty() || !host.footer.empty()) {
    for (size_t i = 0; i < visible.size(); ++i) index_of.emplace(visible[i], i);
  }
  for (CpuinfoParagraph p : host.header) AppendSummaryParagraph(p, index_of, visible, &out);
  for (size_t i = 0; i < blocks.size(); ++i) {
    StartCpuinfoParagraph(&out);
    AppendCpuBlock(blocks[i]->lines, i, &out);
  }
  for (CpuinfoParagraph p : host.footer) AppendSummaryParagraph(p, index_of, visible, &out);
  if (host.trailing_blank) out.push_back('\n');
  return out;
}

}  // namespace procview
