// mount_table.cc: mountinfo parsing and the procview mount predicates.
#include "frontends/cli/mount_table.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "frontends/cli/file_io.h"

namespace procview::cli {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
bool IsOctal(absl::string_view digits) {
  if (digits.size() != 3) return false;
  for (char c : digits) {
    if (c < '0' || c > '7') return false;
  }
  return true;
}

std::string Unescape(absl::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && IsOctal(field.substr(i + 1, 3))) {
      out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                      (field[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(field[i]);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<MountEntry>> ParseMountInfo(absl::string_view text) {
  std::vector<MountEntry> mounts;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    ++line_number;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    size_t separator = 0;
    for (size_t i = 6; i < fields.size(); ++i) {
      if (fields[i] == "-") {
        separator = i;
        break;
      }
    }
    // id parent major:minor root mount-point options [optional...] - type source super
    if (separator == 0 || separator + 2 >= fields.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mountinfo line ", line_number, " is malformed: ", std::string(line)));
    }
    MountEntry entry;
    if (!absl::SimpleAtoi(fields[0], &entry.id) || !absl::SimpleAtoi(fields[1], &entry.parent_id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("mountinfo line ", line_number, " has a bad mount id"));
    }
    entry.root = Unescape(fields[3]);
    entry.mount_point = Unescape(fields[4]);
    entry.fstype = Unescape(fields[separator + 1]);
    entry.source = Unescape(fields[separator + 2]);
    mounts.push_back(std::move(entry));
  }
  return mounts;
}

bool IsProcviewMount(const MountEntry& entry) {
  if (entry.fstype == "fuse.procview" || entry.fstype == "fuse.procviewfs") return true;
  return absl::StartsWith(entry.fstype, "fuse") && entry.source == "procview";
}

std::vector<MountEntry> ProcviewBindMounts(const std::vector<MountEntry>& mounts) {
  std::vector<MountEntry> out;
  for (const MountEntry& entry : mounts) {
    if (IsProcviewMount(entry) && entry.root != "/") out.push_back(entry);
  }
  return out;
}

const MountEntry* MountAt(const std::vector<MountEntry>& mounts, const std::string& path) {
  const MountEntry* found = nullptr;
  for (const MountEntry& entry : mounts) {
    if (entry.mount_point == path) found = &entry;
  }
  return found;
}

absl::StatusOr<std::vector<MountEntry>> ReadMountInfo(const std::string& proc_root, int pid) {
  const std::string process = pid == 0 ? std::string("self") : absl::StrCat(pid);
  const std::string path = absl::StrCat(proc_root, "/", process, "/mountinfo");
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  return ParseMountInfo(*text);
}

}  // namespace procview::cli
