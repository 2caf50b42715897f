// files.cc: the names of the files procview serves (AllFiles, PathOf,
// FileFromName from procview.h).
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/procview.h"

namespace procview {
namespace {

struct FileName {
  File file;
  std::string_view path;  // under the mount point, no leading slash
};

// In the order of the File enum (and of the C ABI's file ids).
constexpr FileName kFiles[] = {
    {File::kMeminfo, "proc/meminfo"},
    {File::kCpuinfo, "proc/cpuinfo"},
    {File::kStat, "proc/stat"},
    {File::kUptime, "proc/uptime"},
    {File::kDiskstats, "proc/diskstats"},
    {File::kSwaps, "proc/swaps"},
    {File::kSlabinfo, "proc/slabinfo"},
    {File::kLoadavg, "proc/loadavg"},
    {File::kPressureCpu, "proc/pressure/cpu"},
    {File::kPressureIo, "proc/pressure/io"},
    {File::kPressureMemory, "proc/pressure/memory"},
    {File::kCpuOnline, "sys/devices/system/cpu/online"},
    {File::kCpuPresent, "sys/devices/system/cpu/present"},
    {File::kCpuPossible, "sys/devices/system/cpu/possible"},
};

// Drops one leading `prefix` from `text` if present.
bool ConsumeLeading(std::string_view* text, std::string_view prefix) {
  if (text->substr(0, prefix.size()) != prefix) return false;
  text->remove_prefix(prefix.size());
  return true;
}

}  // namespace

const std::vector<File>& AllFiles() {
  // A static object, not a leaked pointer: it goes with the library when
  // the daemon unloads an old generation.
  static const std::vector<File> files = [] {
    std::vector<File> all;
    for (const FileName& name : kFiles) all.push_back(name.file);
    return all;
  }();
  return files;
}

std::string_view PathOf(File file) {
  for (const FileName& name : kFiles) {
    if (name.file == file) return name.path;
  }
  return "";
}

absl::StatusOr<File> FileFromName(std::string_view name) {
  std::string_view rest = name;
  ConsumeLeading(&rest, "/");
  for (const FileName& entry : kFiles) {
    if (rest == entry.path) return entry.file;
  }
  // Short forms: "meminfo", "pressure/cpu" (under proc/), "cpu/online"
  // (under sys/devices/system/), "online".
  for (const FileName& entry : kFiles) {
    std::string_view path = entry.path;
    if (ConsumeLeading(&path, "proc/") && rest == path) return entry.file;
    if (ConsumeLeading(&path, "sys/devices/system/") &&
        (rest == path || (ConsumeLeading(&path, "cpu/") && rest == path))) {
      return entry.file;
    }
  }
  return absl::NotFoundError(
      absl::StrCat("procview serves no file named '", std::string(name), "'"));
}

}  // namespace procview
