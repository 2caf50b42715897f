// cpuinfo.cc: /proc/cpuinfo split into header, per-CPU blocks and footer.
//
// Parsed on every read of cpuinfo: one scan of the text that keeps views of
// whole paragraphs, without copying lines.
#include "lib/procview/parse/cpuinfo.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {
namespace {

absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

// Cuts the first line (without its '\n') off `*rest`.
std::string_view TakeLine(std::string_view* rest) {
  const size_t end = rest->find('\n');
  const std::string_view line = rest->substr(0, end);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end + 1);
  return line;
}

// The paragraphs of `text`: runs of lines that are not blank. One pass with
// a memchr per line and no string_view bookkeeping: cpuinfo has ~30 lines
// per CPU and is parsed on every read.
std::vector<std::string_view> Paragraphs(std::string_view text) {
  std::vector<std::string_view> out;
  out.reserve(16);  // a paragraph per CPU: most hosts need no regrowth
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* start = nullptr;  // of the open paragraph
  const char* last = nullptr;   // end of its last line so far
  while (p != end) {
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* const line_end = newline ? static_cast<const char*>(newline) : end;
    if (IsBlankCpuinfoLine(std::string_view(p, static_cast<size_t>(line_end - p)))) {
      if (start != nullptr) out.emplace_back(start, static_cast<size_t>(last - start));
      start = nullptr;
    } else {
      if (start == nullptr) start = p;
      last = line_end;
    }
    p = newline ? line_end + 1 : end;
  }
  if (start != nullptr) out.emplace_back(start, static_cast<size_t>(last - start));
  return out;
}

}  // namespace

bool IsBlankCpuinfoLine(std::string_view line) {
  for (char c : line) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::optional<int>> CpuOfCpuinfoParagraph(std::string_view first) {
  const auto kv = SplitCpuinfoLine(first);
  if (!kv || (kv->first != "processor" && kv->first != "cpu number")) {
    return std::optional<int>();
  }
  int cpu = 0;
  if (!absl::SimpleAtoi(ToAbsl(kv->second), &cpu) || cpu < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cpuinfo: bad CPU number in \"", ToAbsl(first), "\""));
  }
  return std::optional<int>(cpu);
}

bool CpuinfoEndsWithBlankLine(std::string_view text) {
  // Its trailing blanks start with "\n\n".
  size_t end = text.size();
  while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.size() >= end + 2 && text[end] == '\n' && text[end + 1] == '\n';
}

namespace {

// True when `cpu` is already one of `processors`.
bool Repeats(const std::vector<CpuinfoProcessor>& processors, int cpu) {
  return std::any_of(processors.begin(), processors.end(),
                     [cpu](const CpuinfoProcessor& p) { return p.cpu == cpu; });
}

}  // namespace

const CpuinfoProcessor* Cpuinfo::Find(int cpu) const {
  for (const CpuinfoProcessor& p : processors) {
    if (p.cpu == cpu) return &p;
  }
  return nullptr;
}

std::vector<std::string_view> CpuinfoLines(CpuinfoParagraph paragraph) {
  std::vector<std::string_view> out;
  while (!paragraph.empty()) out.push_back(TakeLine(&paragraph));
  return out;
}

std::optional<std::string_view> CpuinfoKey(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  size_t end = colon;
  while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(line[end - 1]))) --end;
  return line.substr(0, end);
}

std::optional<std::pair<std::string_view, std::string_view>> SplitCpuinfoLine(
    std::string_view line) {
  const std::optional<std::string_view> key = CpuinfoKey(line);
  if (!key) return std::nullopt;
  const absl::string_view value =
      absl::StripLeadingAsciiWhitespace(ToAbsl(line.substr(line.find(':') + 1)));
  return std::make_pair(*key, std::string_view(value.data(), value.size()));
}

absl::StatusOr<Cpuinfo> ParseCpuinfo(std::string_view text) {
  Cpuinfo out;
  // The kernel lists CPUs in ascending order: a CPU above every one so far
  // can't repeat, so only out-of-order CPUs are searched for.
  int highest = -1;
  const std::vector<CpuinfoParagraph> paragraphs = Paragraphs(text);
  out.processors.reserve(paragraphs.size());
  for (CpuinfoParagraph paragraph : paragraphs) {
    absl::StatusOr<std::optional<int>> cpu =
        CpuOfCpuinfoParagraph(paragraph.substr(0, paragraph.find('\n')));
    if (!cpu.ok()) return cpu.status();
    if (!cpu->has_value()) {
      (out.processors.empty() ? out.header : out.footer).push_back(paragraph);
      continue;
    }
    if (!out.footer.empty()) {
      return absl::InvalidArgumentError("cpuinfo: CPU block after the trailing summary");
    }
    if (**cpu <= highest && Repeats(out.processors, **cpu)) {
      return absl::InvalidArgumentError(absl::StrCat("cpuinfo: CPU ", **cpu, " repeats"));
    }
    highest = std::max(highest, **cpu);
    out.processors.push_back({**cpu, paragraph});
  }
  if (out.processors.empty()) return absl::InvalidArgumentError("cpuinfo: no CPU blocks");
  out.trailing_blank = CpuinfoEndsWithBlankLine(text);
  return out;
}

void StartCpuinfoParagraph(std::string* out) {
  if (!out->empty()) out->push_back('\n');
}

std::string FormatCpuinfo(const Cpuinfo& cpuinfo) {
  std::string out;
  const auto append = [&out](CpuinfoParagraph p) {
    StartCpuinfoParagraph(&out);
    out.append(p.data(), p.size());
    out.push_back('\n');
  };
  for (CpuinfoParagraph p : cpuinfo.header) append(p);
  for (const CpuinfoProcessor& p : cpuinfo.processors) append(p.lines);
  for (CpuinfoParagraph p : cpuinfo.footer) append(p);
  if (cpuinfo.trailing_blank) out.push_back('\n');
  return out;
}

}  // namespace procview
