// cgroup_location.cc: reads of one opened cgroup's files.
#include "lib/procview/source/cgroup_location.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <optional>

#include "absl/base/attributes.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "lib/procview/fd_closer.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/parse/lines.h"
#include "lib/procview/source/cgroup_fs.h"
#include "lib/procview/source/file_io.h"
#include "lib/procview/status_macros.h"

namespace procview {
namespace {

constexpr size_t kReadings = static_cast<size_t>(CgroupReading::kTasks) + 1;
using FileTable = std::array<const CgroupFileNames*, kReadings>;

FileTable AllFiles() {
  FileTable files{};
  for (size_t i = 0; i < kReadings; ++i) files[i] = &FilesOf(static_cast<CgroupReading>(i));
  return files;
}

// FilesOf looks each reading up in a map; a meminfo read alone names eight
// memory files, so each reading's entry is looked up once, when the library
// is loaded (FilesOf's map is made on its first call): no guarded static to
// check on every file read.
const FileTable kFiles = AllFiles();

const std::vector<std::string_view>& NamesFor(CgroupReading reading, bool v2) {
  const CgroupFileNames& files = *kFiles[static_cast<size_t>(reading)];
  return v2 ? files.v2_files : files.v1_files;
}

// The first of `reading`'s files in `dir` that is not gone, read into
// `buffer`: 0 with the text in `*text`, or the errno of the last one tried
// (ENOENT when there is none). `*index` is the position of the name read.
// No Status: ancestors and optional files are often absent. Inlined into
// its callers: one call less per cgroup file read.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline int ReadFirstInto(const std::string& dir,
                                                      CgroupReading reading, bool v2,
                                                      TextBuffer* buffer, std::string_view* text,
                                                      size_t* index) {
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  int error = ENOENT;
  for (size_t i = 0; i < names.size(); ++i) {
    *index = i;
    error = ReadTextIn(dir, names[i], buffer, text);
    if (!IsGone(error)) return error;
  }
  return error;
}

// A miss as ReadFileInto reports it: a NotFound without a message when the
// file does not exist (the caller explains it).
absl::Status FileError(int error, std::string_view dir, std::string_view name) {
  if (error == ENOENT) return absl::Status(absl::StatusCode::kNotFound, "");
  return ReadError(error, dir, name);
}

}  // namespace

absl::StatusOr<std::string_view> ReadFileInto(const std::string& dir, std::string_view name,
                                              TextBuffer* buffer) {
  std::string_view text;
  if (const int error = ReadTextIn(dir, name, buffer, &text)) return FileError(error, dir, name);
  return text;
}

namespace {

// The first of `reading`'s files that exists in `dir`, or the NotFound of
// the last one tried, unexplained: for files an ancestor may lack (the v2
// root has no cpu.max), where the caller skips NotFound. `read` is
// ReadFileIn or a ReadFileInto. `*index` (when given) is the position of the
// name read among `reading`'s names.
template <typename Read>
auto ReadFirstIn(const std::string& dir, CgroupReading reading, bool v2, Read read,
                 size_t* index = nullptr) -> decltype(read(dir, std::string_view())) {
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  for (size_t i = 0; i < names.size(); ++i) {
    auto text = read(dir, names[i]);
    if (index != nullptr) *index = i;
    if (i + 1 == names.size() || !absl::IsNotFound(text.status())) return text;
  }
  return absl::NotFoundError("no such file on this cgroup version");
}

absl::StatusOr<std::string> ReadFirstIn(const std::string& dir, CgroupReading reading,
                                        bool v2) {
  return ReadFirstIn(dir, reading, v2, [](const std::string& d, std::string_view name) {
    return ReadFileIn(d, name);
  });
}


// Why ReadFirstIn found none of `reading`'s files in `dir`.
absl::Status Missing(const std::string& dir, CgroupReading reading, bool v2) {
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  if (!PathExists(dir)) return absl::NotFoundError(absl::StrCat("cgroup gone: ", dir));
  std::string message = "no ";  // without temporaries: optional files end here on every read
  for (const std::string_view& name : names) {
    message.append(&name == names.data() ? "" : " or ").append(name.data(), name.size());
  }
  message.append(names.empty() ? "such file in " : " in ").append(dir);
  return absl::NotFoundError(message);
}

}  // namespace

std::vector<std::string> Location::DirsUpToRoot(const std::string& hierarchy, std::string p,
                                                bool v2) {
  std::vector<std::string> dirs;
  while (true) {
    dirs.push_back(JoinPath(hierarchy, p));
    while (!p.empty() && p.back() == '/') p.pop_back();
    if (p.empty()) break;
    p.erase(p.rfind('/'));
  }
  // Checked once, when the cgroup is opened: saves a read (or a failed
  // open) per limit on every read.
  if (dirs.size() > 1 && IsKernelRootCgroup(dirs.back(), v2)) dirs.pop_back();
  return dirs;
}

bool IsKernelRootCgroup(const std::string& dir, bool v2) {
  return v2 ? !PathExists(JoinPath(dir, "cgroup.type")) && PathExists(JoinPath(dir, "cgroup.procs"))
            : PathExists(JoinPath(dir, "release_agent"));
}

absl::StatusOr<std::string_view> ReadFirstIn(const std::string& dir, CgroupReading reading,
                                             bool v2, TextBuffer* buffer, size_t* index) {
  std::string_view text;
  size_t i = 0;
  const int error = ReadFirstInto(dir, reading, v2, buffer, &text, &i);
  if (index != nullptr) *index = i;
  if (error == 0) return text;
  const std::vector<std::string_view>& names = NamesFor(reading, v2);
  if (names.empty()) return absl::NotFoundError("no such file on this cgroup version");
  return FileError(error, dir, names[i]);
}

absl::StatusOr<std::string> ReadIn(const std::string& dir, CgroupReading reading, bool v2) {
  absl::StatusOr<std::string> text = ReadFirstIn(dir, reading, v2);
  if (!absl::IsNotFound(text.status())) return text;
  return Missing(dir, reading, v2);
}

namespace {

// The status of ReadFirstInto's `error` for a file `dir` must have: why none
// of `reading`'s files is there, or why the one at `index` can't be read.
absl::Status InError(int error, const std::string& dir, CgroupReading reading, bool v2,
                     size_t index) {
  if (IsGone(error)) return Missing(dir, reading, v2);
  return ReadError(error, dir, NamesFor(reading, v2)[index]);
}

}  // namespace

absl::StatusOr<std::string_view> ReadIn(const std::string& dir, CgroupReading reading, bool v2,
                                        TextBuffer* buffer) {
  std::string_view text;
  size_t index = 0;
  const int error = ReadFirstInto(dir, reading, v2, buffer, &text, &index);
  if (error != 0) return InError(error, dir, reading, v2, index);
  return text;
}

absl::StatusOr<std::optional<std::string_view>> ReadIfIn(const std::string& dir,
                                                         CgroupReading reading, bool v2,
                                                         TextBuffer* buffer) {
  std::string_view text;
  size_t index = 0;
  const int error = ReadFirstInto(dir, reading, v2, buffer, &text, &index);
  if (IsGone(error)) return std::nullopt;
  if (error != 0) return InError(error, dir, reading, v2, index);
  return text;
}

absl::StatusOr<Limit> LowestLimit(const Location& where, CgroupReading reading,
                                  absl::StatusOr<Limit> (*parse)(std::string_view)) {
  Limit lowest;
  TextBuffer buffer;
  const std::vector<std::string>& dirs = where.dirs_up_to_root;
  for (size_t d = 0; d < dirs.size(); ++d) {
    std::string_view text;
    size_t index = 0;
    const int error = ReadFirstInto(dirs[d], reading, where.v2, &buffer, &text, &index);
    if (IsGone(error) && d > 0) continue;  // only the cgroup's own file must exist
    if (error != 0) return InError(error, dirs[d], reading, where.v2, index);
    ASSIGN_OR_RETURN(const Limit limit, parse(text));
    if (limit && (!lowest || *limit < *lowest)) lowest = limit;
  }
  return lowest;
}

absl::StatusOr<std::optional<double>> LowestQuota(const Location& where) {
  std::optional<double> lowest;
  TextBuffer quota_text;  // on the stack: read on every read of a CPU file
  TextBuffer period_text;
  for (const std::string& dir : where.dirs_up_to_root) {
    std::string_view quota;
    size_t index = 0;
    const int error =
        ReadFirstInto(dir, CgroupReading::kCpuQuota, where.v2, &quota_text, &quota, &index);
    if (IsGone(error)) continue;
    if (error != 0) return InError(error, dir, CgroupReading::kCpuQuota, where.v2, index);
    std::optional<double> cpus;
    if (!where.v2 && CfsQuotaUnset(quota)) continue;  // no quota here: its period is moot
    if (where.v2) {
      ASSIGN_OR_RETURN(cpus, ParseCpuMax(quota));
    } else {
      ASSIGN_OR_RETURN(const std::string_view period,
                       ReadIn(dir, CgroupReading::kCpuPeriod, where.v2, &period_text));
      ASSIGN_OR_RETURN(cpus, ParseCfsQuota(quota, period));
    }
    if (cpus && (!lowest || *cpus < *lowest)) lowest = cpus;
  }
  return lowest;
}

namespace {

// False when directory `dir` of a cgroup filesystem has no subdirectory:
// kernfs (cgroup v1 and v2) gives a directory 2 + its subdirectories links.
// Saves listing the directory of a cgroup without children, the usual
// case, on every count. True when unsure (other filesystems: fixtures).
bool MayHaveSubdirs(const std::string& dir) {
  struct statfs fs;
  if (statfs(dir.c_str(), &fs) != 0) return true;
  if (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC) return true;
  struct stat st;
  return lstat(dir.c_str(), &st) != 0 || st.st_nlink != 2;
}

// The pid on a line of a task file: the kernel's plain digits read by
// hand, anything else as SimpleAtoi takes it. 0 when it is not a pid.
pid_t PidOf(std::string_view line) {
  uint64_t n = 0;
  for (const char c : line) {
    const unsigned digit = static_cast<unsigned char>(c) - '0';
    if (digit > 9 || n > INT_MAX) {
      pid_t pid = 0;
      const bool ok = absl::SimpleAtoi(absl::string_view(line.data(), line.size()), &pid);
      return ok && pid > 0 ? pid : 0;
    }
    n = n * 10 + digit;
  }
  return n > 0 && n <= INT_MAX ? static_cast<pid_t>(n) : 0;
}

// The pid on the line at `*p`, moving `*p` past the line; `*line` is the
// line without its newline (empty: no pid, skipped). The kernel's plain
// digits are read up to the newline without a search for it; anything else
// is read as PidOf takes it. 0 when the line is not a pid.
pid_t TakePid(const char** p, const char* end, std::string_view* line) {
  const char* const start = *p;
  const char* q = start;
  uint64_t n = 0;
  for (; q != end && n <= INT_MAX; ++q) {
    const unsigned digit = static_cast<unsigned char>(*q) - '0';
    if (digit > 9) break;
    n = n * 10 + digit;
  }
  if (q != end && *q != '\n') {
    *line = NextLine(p, end);
    return PidOf(*line);
  }
  *line = std::string_view(start, static_cast<size_t>(q - start));
  *p = q == end ? end : q + 1;
  return n > 0 && n <= INT_MAX ? static_cast<pid_t>(n) : 0;
}

// Appends the pids of task file text `text` (of cgroup `dir`, for errors)
// to `out`, up to kMaxTasks in all. Empty lines are skipped.
absl::Status AppendPids(std::string_view text, const std::string& dir, TaskIds* out) {
  const size_t room = std::min(kMaxTasks, text.size() / 4 + 1);  // pids and '\n's
  if (out->empty() && room > out->capacity()) out->reserve(room);  // reserve() is out of line
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    std::string_view line;
    const pid_t pid = TakePid(&p, end, &line);
    if (line.empty()) continue;
    if (pid == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "malformed pid \"", absl::string_view(line.data(), line.size()), "\" in ", dir));
    }
    if (out->size() == kMaxTasks) break;
    out->push_back(pid);
  }
  return absl::OkStatus();
}

}  // namespace

// Pids listed in `top`'s task file and its descendants', breadth first
// (nearest first), looking at no more than kMaxTaskCgroups cgroups and
// keeping no more than kMaxTasks pids: a container that makes thousands of
// sub-cgroups must not make every read of its files (and the sampler's
// ticks) expensive for the whole daemon. `top`'s own file must be readable;
// descendants removed meanwhile are skipped.
absl::Status CollectTasks(const std::string& top, bool v2, TaskIds* out) {
  // The queue is `top` then `below[visited - 1 ...]`: no copy of `top`, and
  // no allocation at all for a cgroup without sub-cgroups (the usual case).
  std::vector<std::string> below;
  TextBuffer buffer;
  size_t visited = 0;
  while (visited <= below.size() && visited < kMaxTaskCgroups && out->size() < kMaxTasks) {
    const bool own = visited == 0;
    // Stays valid while `below` grows: it is reserved up front (see below).
    const std::string& dir = own ? top : below[visited - 1];
    ++visited;
    std::string_view text;
    size_t index = 0;
    const int error = ReadFirstInto(dir, CgroupReading::kTasks, v2, &buffer, &text, &index);
    if (IsGone(error) && !own) continue;  // removed meanwhile: its tasks are gone too
    if (error != 0) return InError(error, dir, CgroupReading::kTasks, v2, index);
    RETURN_IF_ERROR(AppendPids(text, dir, out));
    // Queued but not yet visited: below.size() - (visited - 1).
    if (below.size() + 1 >= kMaxTaskCgroups) continue;  // enough queued already
    if (!MayHaveSubdirs(dir)) continue;
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) continue;  // removed meanwhile
    while (struct dirent* entry = readdir(d)) {
      const std::string_view name = entry->d_name;
      if (entry->d_type != DT_DIR || name == "." || name == "..") continue;
      if (below.empty()) below.reserve(kMaxTaskCgroups);  // never reallocates after
      below.push_back(JoinPath(dir, name));
      if (below.size() + 1 >= kMaxTaskCgroups) break;
    }
    closedir(d);
  }
  return absl::OkStatus();
}

}  // namespace procview
