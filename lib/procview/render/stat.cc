// stat.cc: the container's /proc/stat (see stat.h for what each column holds).
#include "lib/procview/render/stat.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/procview/parse/decimal.h"

namespace procview {
namespace {

// The container's lines are built in place: user and system in their
// columns, and until the end the line's wall time (its host CPU line's
// Elapsed()) in the idle column, which then becomes what is left.
constexpr size_t kWall = kCpuIdle;

// Moves up to `*pool` ticks into `field` of `line`, within `*room`.
void Give(uint64_t* pool, uint64_t* room, uint64_t* field) {
  const uint64_t moved = std::min(*pool, *room);
  *field += moved;
  *pool -= moved;
  *room -= moved;
}

// Trims every line to its wall time, keeping its user:system ratio, and
// hands the trimmed ticks to lines that still have room.
void FitToWallTime(absl::Span<CpuTicks> lines) {
  uint64_t pool_user = 0;
  uint64_t pool_system = 0;
  for (CpuTicks& line : lines) {
    uint64_t& user = line.v[kCpuUser];
    uint64_t& system = line.v[kCpuSystem];
    const uint64_t used = user + system;
    if (used <= line.v[kWall]) continue;
    const uint64_t excess = used - line.v[kWall];
    const uint64_t from_user = static_cast<uint64_t>(absl::uint128(excess) * user / used);
    const uint64_t from_system = excess - from_user;  // <= system since excess <= used
    user -= from_user;
    system -= from_system;
    pool_user += from_user;
    pool_system += from_system;
  }
  for (size_t i = 0; i < lines.size() && (pool_user > 0 || pool_system > 0); ++i) {
    CpuTicks& line = lines[i];
    uint64_t room = line.v[kWall] - line.v[kCpuUser] - line.v[kCpuSystem];
    Give(&pool_user, &room, &line.v[kCpuUser]);
    Give(&pool_system, &room, &line.v[kCpuSystem]);
  }
}

// Each cpu line is at most "cpu", a 20-digit N, 10 numbers of 20 digits
// after a space each, and a newline.
constexpr size_t kMaxCpuLine = 3 + 20 + kCpuFieldCount * 21 + 1;

// 10^0 .. 10^19.
constexpr uint64_t kPowersOf10[] = {1ULL,
                                    10ULL,
                                    100ULL,
                                    1000ULL,
                                    10000ULL,
                                    100000ULL,
                                    1000000ULL,
                                    10000000ULL,
                                    100000000ULL,
                                    1000000000ULL,
                                    10000000000ULL,
                                    100000000000ULL,
                                    1000000000000ULL,
                                    10000000000000ULL,
                                    100000000000000ULL,
                                    1000000000000000ULL,
                                    10000000000000000ULL,
                                    100000000000000000ULL,
                                    1000000000000000000ULL,
                                    10000000000000000000ULL};

// The number of decimal digits of `v`, from its bit length (no loop).
size_t DecimalDigits(uint64_t v) {
  v |= 1;  // 0 has one digit, as 1 does
  const size_t bits = 64 - static_cast<size_t>(__builtin_clzll(v));
  const size_t guess = (bits * 1233) >> 12;  // floor(log10(2^bits)): the digits, or one less
  return guess + (v >= kPowersOf10[guess] ? 1 : 0);
}

// The writers below put text at `p` and return where it ends. Plain
// pointers, kept in registers: the text is written in place into a buffer
// sized for the most it can take, with no append call or capacity check per
// piece.

// `v` in decimal, each pair of digits written in its place from the end.
char* PutDecimal(uint64_t v, char* p) {
  if (v < 10) {  // most columns are 0
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  char* const end = p + DecimalDigits(v);
  p = end;
  while (v >= 100) {
    p -= 2;
    std::memcpy(p, &kDigitPairs[2 * (v % 100)], 2);
    v /= 100;
  }
  if (v >= 10) {
    std::memcpy(p - 2, &kDigitPairs[2 * v], 2);
  } else {
    p[-1] = static_cast<char>('0' + v);
  }
  return end;
}

char* Put(std::string_view s, char* p) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// "cpu" + `n` (none for the total line, which the kernel writes "cpu  ")
// and the first `columns` values of `ticks`.
char* PutCpuLine(std::optional<size_t> n, const CpuTicks& ticks, size_t columns, char* p) {
  std::memcpy(p, "cpu ", 4);  // the blank is the total's own
  p = n.has_value() ? PutDecimal(*n, p + 3) : p + 4;
  for (size_t i = 0; i < columns; ++i) {
    *p = ' ';
    p = PutDecimal(ticks.v[i], p + 1);
  }
  *p = '\n';
  return p + 1;
}

// The task count that replaces line `line` of the host's, if it is one.
std::optional<uint64_t> ProcessCount(std::string_view line, const ProcessCounts& procs) {
  constexpr std::string_view kRunning = "procs_running ";
  constexpr std::string_view kBlocked = "procs_blocked ";
  if (line.substr(0, kRunning.size()) == kRunning) return procs.running;
  if (line.substr(0, kBlocked.size()) == kBlocked) return procs.blocked;
  return std::nullopt;
}

// Room for the host's other lines as PutOtherLines writes them: the two
// replaced counts may be longer than the host's (20 digits at most).
size_t OtherLinesRoom(std::string_view others) { return others.size() + 2 * 20; }

// Writes the host's other lines ("key N...\n", see ProcStat::others), with
// the task counts replaced by `procs` when given. Copies the lines kept in
// runs: only the two replaced lines are written, found line by line with
// memchr from `procs_from` (ProcStat::procs_from: past the intr line, most
// of the text).
char* PutOtherLines(std::string_view others, size_t procs_from,
                    const std::optional<ProcessCounts>& procs, char* p) {
  if (!procs.has_value()) return Put(others, p);
  const char* const begin = others.data();
  const char* const end = begin + others.size();
  const char* copied = begin;  // [begin, copied) is written
  for (const char* line = begin + std::min(procs_from, others.size()); line != end;) {
    const void* newline = std::memchr(line, '\n', static_cast<size_t>(end - line));
    const char* const line_end = newline ? static_cast<const char*>(newline) : end;
    if (*line == 'p') {  // only procs_* lines are replaced
      const std::string_view text(line, static_cast<size_t>(line_end - line));
      if (const std::optional<uint64_t> count = ProcessCount(text, *procs)) {
        const size_t key_and_blank = text.find(' ') + 1;
        p = Put(std::string_view(copied, static_cast<size_t>(line - copied) + key_and_blank), p);
        p = PutDecimal(*count, p);
        copied = line_end;
      }
    }
    line = newline ? line_end + 1 : end;
  }
  return Put(std::string_view(copied, static_cast<size_t>(end - copied)), p);
}

// The line of each host CPU, found with the hint that both lists are usually
// in ascending order.
const CpuStatLine* FindCpuFrom(const ProcStat& host, int cpu, size_t* hint) {
  if (*hint < host.cpus.size() && host.cpus[*hint].cpu == cpu) return &host.cpus[(*hint)++];
  const CpuStatLine* line = host.FindCpu(cpu);
  if (line != nullptr) *hint = static_cast<size_t>(line - host.cpus.data()) + 1;
  return line;
}

// The container line of each host CPU of `visible`. The list is usually
// ascending: then it is searched in place, else through a sorted copy.
class LineIndex {
 public:
  explicit LineIndex(absl::Span<const int> visible) : visible_(visible) {
    if (std::adjacent_find(visible.begin(), visible.end(), std::greater_equal<int>()) ==
        visible.end()) {
      return;  // strictly ascending
    }
    sorted_.reserve(visible.size());
    for (size_t i = 0; i < visible.size(); ++i) sorted_.emplace_back(visible[i], i);
    std::sort(sorted_.begin(), sorted_.end());
  }

  // A CPU listed twice, if any.
  std::optional<int> Repeated() const {
    for (size_t i = 1; i < sorted_.size(); ++i) {
      if (sorted_[i].first == sorted_[i - 1].first) return sorted_[i].first;
    }
    return std::nullopt;
  }

  // The line of host CPU `cpu`, if visible.
  std::optional<size_t> Find(int cpu) const {
    if (sorted_.empty()) {
      const auto it = std::lower_bound(visible_.begin(), visible_.end(), cpu);
      if (it == visible_.end() || *it != cpu) return std::nullopt;
      return static_cast<size_t>(it - visible_.begin());
    }
    const auto it =
        std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(cpu, size_t{0}));
    if (it == sorted_.end() || it->first != cpu) return std::nullopt;
    return it->second;
  }

 private:
  const absl::Span<const int> visible_;
  std::vector<std::pair<int, size_t>> sorted_;  // (CPU, line), when not ascending
};

}  // namespace

absl::Status ContainerCpuTicksInto(const ProcStat& host, absl::Span<const int> visible,
                                   const CpuReadings& cpu, absl::Span<CpuTicks> lines) {
  if (visible.empty()) return absl::InvalidArgumentError("no visible CPUs");
  if (lines.size() != visible.size()) return absl::InvalidArgumentError("one line per visible CPU");
  const LineIndex index(visible);
  if (const std::optional<int> repeated = index.Repeated()) {
    return absl::InvalidArgumentError(absl::StrCat("visible CPU ", *repeated, " repeats"));
  }
  std::fill(lines.begin(), lines.end(), CpuTicks{});
  size_t hint = 0;
  for (size_t i = 0; i < visible.size(); ++i) {
    const CpuStatLine* line = FindCpuFrom(host, visible[i], &hint);
    if (line == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("host /proc/stat has no line for visible CPU ", visible[i]));
    }
    lines[i].v[kWall] = line->ticks.Elapsed();
  }
  uint64_t hidden_user_ns = 0;
  uint64_t hidden_system_ns = 0;
  if (cpu.per_cpu.empty()) {
    hidden_user_ns = cpu.user_ns;
    hidden_system_ns = cpu.system_ns;
  } else {
    for (const CpuTime& t : cpu.per_cpu) {
      if (const std::optional<size_t> i = index.Find(t.cpu)) {
        lines[*i].v[kCpuUser] += t.user_ns / kNsPerTick;
        lines[*i].v[kCpuSystem] += t.system_ns / kNsPerTick;
      } else {
        hidden_user_ns += t.user_ns;
        hidden_system_ns += t.system_ns;
      }
    }
  }
  SpreadEvenly(hidden_user_ns / kNsPerTick, kCpuUser, lines);
  SpreadEvenly(hidden_system_ns / kNsPerTick, kCpuSystem, lines);
  FitToWallTime(lines);
  for (CpuTicks& line : lines) {
    line.v[kCpuIdle] = line.v[kWall] - line.v[kCpuUser] - line.v[kCpuSystem];  // fits: see above
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<CpuTicks>> ContainerCpuTicks(const ProcStat& host,
                                                        absl::Span<const int> visible,
                                                        const CpuReadings& cpu) {
  std::vector<CpuTicks> lines(visible.size());
  if (absl::Status ok = ContainerCpuTicksInto(host, visible, cpu, absl::MakeSpan(lines)); !ok.ok())
    return ok;
  return lines;
}

absl::StatusOr<std::string> RenderStat(const ProcStat& host, absl::Span<const CpuTicks> cpus,
                                       std::optional<ProcessCounts> procs) {
  if (cpus.empty()) return absl::InvalidArgumentError("no CPU lines to render");
  CpuTicks total;
  for (const CpuTicks& c : cpus) {
    for (size_t f = 0; f < kCpuFieldCount; ++f) total.v[f] += c.v[f];
  }
  const std::string_view others = host.others();
  // Written on the stack unless large (over ~30 CPUs), then copied once
  // into the result.
  const size_t room = kMaxCpuLine * (cpus.size() + 1) + OtherLinesRoom(others);
  char stack[8192];
  std::unique_ptr<char[]> heap;
  if (room > sizeof(stack)) heap.reset(new char[room]);
  char* const begin = heap ? heap.get() : stack;
  char* p = PutCpuLine(std::nullopt, total, host.cpu_field_count, begin);
  for (size_t i = 0; i < cpus.size(); ++i) {
    p = PutCpuLine(i, cpus[i], host.cpu_field_count, p);
  }
  p = PutOtherLines(others, host.procs_from(), procs, p);
  return std::string(begin, static_cast<size_t>(p - begin));
}

}  // namespace procview
