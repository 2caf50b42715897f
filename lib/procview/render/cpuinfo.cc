// cpuinfo.cc: the container's /proc/cpuinfo (see cpuinfo.h).
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

namespace procview {
namespace {

// `line` with its value after ':' replaced by `value`, keeping the key's
// spacing ("processor\t: 3").
std::string WithValue(const std::string& line, size_t value) {
  return absl::StrCat(line.substr(0, line.find(':') + 1), " ", value);
}

// The new value of a per-CPU line of container CPU `index`, or nullopt to
// keep the host's.
std::optional<size_t> PerCpuValue(std::string_view key, size_t index) {
  if (key == "processor" || key == "cpu number" || key == "physical id") return index;
  if (key == "siblings" || key == "cpu cores") return 1;
  if (key == "core id") return 0;
  return std::nullopt;
}

// s390x summary "processor N: version = ..." -> N.
std::optional<int> S390ProcessorLine(std::string_view key) {
  absl::string_view k(key.data(), key.size());
  int cpu = 0;
  if (!absl::ConsumePrefix(&k, "processor ") || !absl::SimpleAtoi(k, &cpu)) return std::nullopt;
  return cpu;
}

// Rewrites one header/footer paragraph for the visible CPUs.
CpuinfoParagraph SummaryParagraph(const CpuinfoParagraph& host,
                                  const absl::flat_hash_map<int, size_t>& index_of,
                                  const std::vector<int>& visible) {
  absl::flat_hash_map<int, const std::string*> s390_lines;
  for (const std::string& line : host) {
    const auto kv = SplitCpuinfoLine(line);
    if (!kv) continue;
    if (std::optional<int> cpu = S390ProcessorLine(kv->first)) s390_lines[*cpu] = &line;
  }
  CpuinfoParagraph out;
  bool s390_done = false;
  for (const std::string& line : host) {
    const auto kv = SplitCpuinfoLine(line);
    if (kv && kv->first == "# processors") {
      out.push_back(WithValue(line, visible.size()));
    } else if (kv && S390ProcessorLine(kv->first).has_value()) {
      if (s390_done) continue;
      s390_done = true;  // all visible CPUs' lines go where the first one was
      for (int cpu : visible) {
        auto it = s390_lines.find(cpu);
        if (it == s390_lines.end()) continue;
        const std::string& host_line = *it->second;
        out.push_back(absl::StrCat("processor ", index_of.at(cpu),
                                   host_line.substr(host_line.find(':'))));
      }
    } else {
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> RenderCpuinfo(const Cpuinfo& host, const std::vector<int>& visible) {
  if (visible.empty()) return absl::InvalidArgumentError("no visible CPUs");
  absl::flat_hash_map<int, size_t> index_of;
  Cpuinfo out;
  out.trailing_blank = host.trailing_blank;
  for (size_t i = 0; i < visible.size(); ++i) {
    if (!index_of.emplace(visible[i], i).second) {
      return absl::InvalidArgumentError(absl::StrCat("visible CPU ", visible[i], " repeats"));
    }
    const CpuinfoProcessor* block = host.Find(visible[i]);
    if (block == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("host cpuinfo has no block for visible CPU ", visible[i]));
    }
    CpuinfoProcessor& p = out.processors.emplace_back();
    p.cpu = static_cast<int>(i);
    for (const std::string& line : block->lines) {
      const auto kv = SplitCpuinfoLine(line);
      const std::optional<size_t> value = kv ? PerCpuValue(kv->first, i) : std::nullopt;
      p.lines.push_back(value.has_value() ? WithValue(line, *value) : line);
    }
  }
  for (const CpuinfoParagraph& p : host.header) {
    out.header.push_back(SummaryParagraph(p, index_of, visible));
  }
  for (const CpuinfoParagraph& p : host.footer) {
    out.footer.push_back(SummaryParagraph(p, index_of, visible));
  }
  return FormatCpuinfo(out);
}

}  // namespace procview
