// cpuinfo.cc: the container's /proc/cpuinfo (see cpuinfo.h).
//
// Rendered on every read: each CPU block is copied from the host's text in
// runs, and only the lines it rewrites are formatted.
#include "lib/procview/render/cpuinfo.h"

#include <cstddef>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// Appends `line` with its value after ':' replaced by `value`, keeping the
// key's spacing ("processor\t: 3").
void AppendWithValue(std::string_view line, size_t value, std::string* out) {
  const std::string_view key = line.substr(0, line.find(':') + 1);
  out->append(key.data(), key.size());
  out->push_back(' ');
  AppendDecimal(value, out);
}

// The new value of a per-CPU line of container CPU `index`, or nullopt to
// keep the host's.
std::optional<size_t> PerCpuValue(std::string_view key, size_t index) {
  if (key == "processor" || key == "cpu number" || key == "physical id") return index;
  if (key == "siblings" || key == "cpu cores") return 1;
  if (key == "core id") return 0;
  return std::nullopt;
}

// Appends the host block `block` as container CPU `index`: its lines as they
// are, copied in runs, except those PerCpuValue rewrites.
void AppendCpuBlock(std::string_view block, size_t index, std::string* out) {
  const char* copied = block.data();  // the host text up to here is in `out`
  std::string_view rest = block;
  while (!rest.empty()) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    // Every key PerCpuValue rewrites starts with 'p', 'c' or 's': most lines
    // are passed over without looking for their ':'.
    if (line.empty() || (line[0] != 'p' && line[0] != 'c' && line[0] != 's')) continue;
    const std::optional<std::string_view> key = CpuinfoKey(line);
    const std::optional<size_t> value = key ? PerCpuValue(*key, index) : std::nullopt;
    if (!value.has_value()) continue;
    out->append(copied, static_cast<size_t>(line.data() - copied));
    AppendWithValue(line, *value, out);
    copied = line.data() + line.size();
  }
  out->append(copied, static_cast<size_t>(block.data() + block.size() - copied));
  out->push_back('\n');
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

}  // namespace

absl::StatusOr<std::string> RenderCpuinfo(const Cpuinfo& host, const std::vector<int>& visible) {
  if (visible.empty()) return absl::InvalidArgumentError("no visible CPUs");
  absl::flat_hash_map<int, size_t> index_of;
  std::vector<const CpuinfoProcessor*> blocks;
  blocks.reserve(visible.size());
  size_t size = 0;
  for (size_t i = 0; i < visible.size(); ++i) {
    if (!index_of.emplace(visible[i], i).second) {
      return absl::InvalidArgumentError(absl::StrCat("visible CPU ", visible[i], " repeats"));
    }
    const CpuinfoProcessor* block = host.Find(visible[i]);
    if (block == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("host cpuinfo has no block for visible CPU ", visible[i]));
    }
    blocks.push_back(block);
    size += block->lines.size() + 16;
  }
  for (CpuinfoParagraph p : host.header) size += p.size() + 2;
  for (CpuinfoParagraph p : host.footer) size += p.size() + 2;
  std::string out;
  out.reserve(size + 1);
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
