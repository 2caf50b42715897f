// cpuinfo.cc: /proc/cpuinfo split into header, per-CPU blocks and footer.
#include "lib/procview/parse/cpuinfo.h"

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {
namespace {

absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

// The host CPU number a paragraph describes, when it is a CPU block.
absl::StatusOr<std::optional<int>> CpuOfParagraph(const CpuinfoParagraph& paragraph) {
  const auto kv = SplitCpuinfoLine(paragraph.front());
  if (!kv || (kv->first != "processor" && kv->first != "cpu number")) {
    return std::optional<int>();
  }
  int cpu = 0;
  if (!absl::SimpleAtoi(ToAbsl(kv->second), &cpu) || cpu < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cpuinfo: bad CPU number in \"", paragraph.front(), "\""));
  }
  return std::optional<int>(cpu);
}

void AppendParagraph(const CpuinfoParagraph& lines, std::string* out) {
  if (!out->empty()) out->push_back('\n');  // the blank line between paragraphs
  for (const std::string& line : lines) absl::StrAppend(out, line, "\n");
}

}  // namespace

const CpuinfoProcessor* Cpuinfo::Find(int cpu) const {
  for (const CpuinfoProcessor& p : processors) {
    if (p.cpu == cpu) return &p;
  }
  return nullptr;
}

std::optional<std::pair<std::string_view, std::string_view>> SplitCpuinfoLine(
    std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const absl::string_view key = absl::StripTrailingAsciiWhitespace(ToAbsl(line.substr(0, colon)));
  const absl::string_view value = absl::StripLeadingAsciiWhitespace(ToAbsl(line.substr(colon + 1)));
  return std::make_pair(std::string_view(key.data(), key.size()),
                        std::string_view(value.data(), value.size()));
}

absl::StatusOr<Cpuinfo> ParseCpuinfo(std::string_view text) {
  std::vector<CpuinfoParagraph> paragraphs(1);
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    if (absl::StripAsciiWhitespace(line).empty()) {
      if (!paragraphs.back().empty()) paragraphs.emplace_back();
    } else {
      paragraphs.back().emplace_back(line);
    }
  }
  if (paragraphs.back().empty()) paragraphs.pop_back();

  Cpuinfo out;
  absl::flat_hash_set<int> seen;
  for (CpuinfoParagraph& paragraph : paragraphs) {
    absl::StatusOr<std::optional<int>> cpu = CpuOfParagraph(paragraph);
    if (!cpu.ok()) return cpu.status();
    if (!cpu->has_value()) {
      (out.processors.empty() ? out.header : out.footer).push_back(std::move(paragraph));
      continue;
    }
    if (!out.footer.empty()) {
      return absl::InvalidArgumentError("cpuinfo: CPU block after the trailing summary");
    }
    if (!seen.insert(**cpu).second) {
      return absl::InvalidArgumentError(absl::StrCat("cpuinfo: CPU ", **cpu, " repeats"));
    }
    out.processors.push_back({**cpu, std::move(paragraph)});
  }
  if (out.processors.empty()) return absl::InvalidArgumentError("cpuinfo: no CPU blocks");
  // A blank line ends the file when its text ends in "\n\n".
  const absl::string_view t = absl::StripTrailingAsciiWhitespace(ToAbsl(text));
  out.trailing_blank = text.size() >= t.size() + 2 && text.substr(t.size()).find("\n\n") == 0;
  return out;
}

std::string FormatCpuinfo(const Cpuinfo& cpuinfo) {
  std::string out;
  for (const CpuinfoParagraph& p : cpuinfo.header) AppendParagraph(p, &out);
  for (const CpuinfoProcessor& p : cpuinfo.processors) AppendParagraph(p.lines, &out);
  for (const CpuinfoParagraph& p : cpuinfo.footer) AppendParagraph(p, &out);
  if (cpuinfo.trailing_blank) out.push_back('\n');
  return out;
}

}  // namespace procview
