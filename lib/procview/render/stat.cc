// stat.cc: the container's /proc/stat (see stat.h for what each column holds).
#include "lib/procview/render/stat.h"

#include <algorithm>
#include <cstddef>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace procview {
namespace {

// CPU time of one container line, in ticks.
struct Usage {
  uint64_t user = 0;
  uint64_t system = 0;
};

// Adds `ticks` to `field` of every line, evenly; the first lines take the
// remainder, so the lines add up to exactly `ticks`.
void SpreadEvenly(uint64_t ticks, uint64_t Usage::*field, std::vector<Usage>* lines) {
  const uint64_t n = lines->size();
  for (uint64_t i = 0; i < n; ++i) {
    (*lines)[i].*field += ticks / n + (i < ticks % n ? 1 : 0);
  }
}

// Moves up to `*pool` ticks into `field` of `line`, within `*room`.
void Give(uint64_t* pool, uint64_t* room, uint64_t* field) {
  const uint64_t moved = std::min(*pool, *room);
  *field += moved;
  *pool -= moved;
  *room -= moved;
}

// Trims every line to its wall time `elapsed[i]`, keeping its user:system
// ratio, and hands the trimmed ticks to lines that still have room.
void FitToWallTime(const std::vector<uint64_t>& elapsed, std::vector<Usage>* lines) {
  uint64_t pool_user = 0;
  uint64_t pool_system = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    Usage& u = (*lines)[i];
    const uint64_t used = u.user + u.system;
    if (used <= elapsed[i]) continue;
    const uint64_t excess = used - elapsed[i];
    const uint64_t from_user = static_cast<uint64_t>(absl::uint128(excess) * u.user / used);
    const uint64_t from_system = excess - from_user;  // <= u.system since excess <= used
    u.user -= from_user;
    u.system -= from_system;
    pool_user += from_user;
    pool_system += from_system;
  }
  for (size_t i = 0; i < lines->size() && (pool_user > 0 || pool_system > 0); ++i) {
    Usage& u = (*lines)[i];
    uint64_t room = elapsed[i] - u.user - u.system;
    Give(&pool_user, &room, &u.user);
    Give(&pool_system, &room, &u.system);
  }
}

void AppendCpuLine(std::string* out, absl::string_view name, const CpuTicks& ticks,
                   size_t columns) {
  absl::StrAppend(out, name);
  for (size_t i = 0; i < columns; ++i) absl::StrAppend(out, " ", ticks.v[i]);
  out->push_back('\n');
}

}  // namespace

absl::StatusOr<std::vector<CpuTicks>> ContainerCpuTicks(const ProcStat& host,
                                                        const std::vector<int>& visible,
                                                        const CpuReadings& cpu) {
  if (visible.empty()) return absl::InvalidArgumentError("no visible CPUs");
  absl::flat_hash_map<int, size_t> index_of;  // host CPU -> container line
  std::vector<uint64_t> elapsed;
  elapsed.reserve(visible.size());
  for (size_t i = 0; i < visible.size(); ++i) {
    if (!index_of.emplace(visible[i], i).second) {
      return absl::InvalidArgumentError(absl::StrCat("visible CPU ", visible[i], " repeats"));
    }
    const CpuStatLine* line = host.FindCpu(visible[i]);
    if (line == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("host /proc/stat has no line for visible CPU ", visible[i]));
    }
    elapsed.push_back(line->ticks.Elapsed());
  }

  std::vector<Usage> lines(visible.size());
  uint64_t hidden_user_ns = 0;
  uint64_t hidden_system_ns = 0;
  if (cpu.per_cpu.empty()) {
    hidden_user_ns = cpu.user_ns;
    hidden_system_ns = cpu.system_ns;
  } else {
    for (const CpuTime& t : cpu.per_cpu) {
      auto it = index_of.find(t.cpu);
      if (it == index_of.end()) {
        hidden_user_ns += t.user_ns;
        hidden_system_ns += t.system_ns;
      } else {
        lines[it->second].user += t.user_ns / kNsPerTick;
        lines[it->second].system += t.system_ns / kNsPerTick;
      }
    }
  }
  SpreadEvenly(hidden_user_ns / kNsPerTick, &Usage::user, &lines);
  SpreadEvenly(hidden_system_ns / kNsPerTick, &Usage::system, &lines);
  FitToWallTime(elapsed, &lines);

  std::vector<CpuTicks> out(visible.size());
  for (size_t i = 0; i < visible.size(); ++i) {
    out[i].v[kCpuUser] = lines[i].user;
    out[i].v[kCpuSystem] = lines[i].system;
    out[i].v[kCpuIdle] = elapsed[i] - lines[i].user - lines[i].system;  // fits: see above
  }
  return out;
}

absl::StatusOr<std::string> RenderStat(const ProcStat& host, const std::vector<CpuTicks>& cpus,
                                       std::optional<ProcessCounts> procs) {
  if (cpus.empty()) return absl::InvalidArgumentError("no CPU lines to render");
  CpuTicks total;
  for (const CpuTicks& c : cpus) {
    for (size_t f = 0; f < kCpuFieldCount; ++f) total.v[f] += c.v[f];
  }
  std::string out;
  out.reserve(64 * (cpus.size() + 1) + 16 * host.others.size());
  AppendCpuLine(&out, "cpu ", total, host.cpu_field_count);  // the kernel writes "cpu  "
  for (size_t i = 0; i < cpus.size(); ++i) {
    AppendCpuLine(&out, absl::StrCat("cpu", i), cpus[i], host.cpu_field_count);
  }
  for (const StatLine& line : host.others) {
    absl::StrAppend(&out, line.key);
    if (procs.has_value() && line.key == "procs_running") {
      absl::StrAppend(&out, " ", procs->running);
    } else if (procs.has_value() && line.key == "procs_blocked") {
      absl::StrAppend(&out, " ", procs->blocked);
    } else {
      // By hand: the intr line alone has hundreds of values on every read.
      char buf[absl::numbers_internal::kFastToBufferSize];
      for (uint64_t v : line.values) {
        out.push_back(' ');
        out.append(buf, absl::numbers_internal::FastIntToBuffer(v, buf));
      }
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace procview
