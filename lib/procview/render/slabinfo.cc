// slabinfo.cc: chooses and checks the slabinfo text to serve.
#include "lib/procview/render/slabinfo.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace procview {
namespace {

absl::Status Malformed(size_t line_no, absl::string_view line, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("slabinfo line ", line_no, " (\"", line.substr(0, 60), "\"): ", why));
}

bool IsNumber(absl::string_view token) {
  uint64_t unused = 0;
  return absl::SimpleAtoi(token, &unused) &&
         absl::ascii_isdigit(static_cast<unsigned char>(token[0]));
}

// "slabinfo - version: 2.N", with " (statistics)" under CONFIG_DEBUG_SLAB.
bool IsVersionLine(absl::string_view line) {
  if (!absl::ConsumePrefix(&line, "slabinfo - version: 2.")) return false;
  absl::ConsumeSuffix(&line, " (statistics)");
  return !line.empty() && IsNumber(line);
}

// "name a b c d e : label n... : label n..."
absl::Status ValidateCacheLine(size_t line_no, absl::string_view line) {
  std::vector<absl::string_view> groups = absl::StrSplit(line, " : ");
  std::vector<absl::string_view> head = absl::StrSplit(groups[0], ' ', absl::SkipEmpty());
  if (head.size() != 6) return Malformed(line_no, line, "expected a name and five numbers");
  for (size_t i = 1; i < head.size(); ++i) {
    if (!IsNumber(head[i])) return Malformed(line_no, line, "not a number");
  }
  for (size_t g = 1; g < groups.size(); ++g) {
    std::vector<absl::string_view> tokens = absl::StrSplit(groups[g], ' ', absl::SkipEmpty());
    if (tokens.size() < 2 || IsNumber(tokens[0])) {
      return Malformed(line_no, line, "expected \": label numbers\"");
    }
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (!IsNumber(tokens[i])) return Malformed(line_no, line, "not a number");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateSlabinfo(std::string_view std_text) {
  absl::string_view text(std_text.data(), std_text.size());
  if (!absl::ConsumeSuffix(&text, "\n")) {
    return absl::InvalidArgumentError("slabinfo is empty or does not end with a newline");
  }
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (line_no == 1) {
      if (!IsVersionLine(line)) return Malformed(line_no, line, "not a slabinfo 2.x header");
    } else if (line_no == 2) {
      if (!absl::StartsWith(line, "# name")) return Malformed(line_no, line, "no column line");
    } else {
      absl::Status status = ValidateCacheLine(line_no, line);
      if (!status.ok()) return status;
    }
  }
  if (line_no < 2) return absl::InvalidArgumentError("slabinfo has no column line");
  return absl::OkStatus();
}

absl::StatusOr<std::string> RenderSlabinfo(std::optional<std::string_view> cgroup_text,
                                           std::string_view host_text) {
  const std::string_view chosen =
      cgroup_text.has_value() && !cgroup_text->empty() ? *cgroup_text : host_text;
  absl::Status status = ValidateSlabinfo(chosen);
  if (!status.ok()) return status;
  return std::string(chosen);
}

}  // namespace procview
