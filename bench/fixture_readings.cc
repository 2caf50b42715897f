// fixture_readings.cc: readings from the recorded cgroup v1 fixtures.
#include "bench/fixture_readings.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "bench/fixture_text.h"
#include "lib/procview/parse/cgroup_values.h"

namespace procview {
namespace bench {
namespace {

constexpr char kTight[] = "tests/fixtures/cgroup-v1/cgroup/memory/pvrec-parent/tight/";

template <typename T>
T OrDie(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, value.status().ToString().c_str());
    std::abort();
  }
  return *std::move(value);
}

std::string Tight(const char* file) { return FixtureText(std::string(kTight) + file); }

}  // namespace

MemoryReadings V1MemoryReadings() {
  MemoryReadings memory;
  memory.limit = OrDie(ParseV1Limit(Tight("memory.limit_in_bytes")), "memory.limit_in_bytes");
  memory.usage = OrDie(ParseU64File(Tight("memory.usage_in_bytes")), "memory.usage_in_bytes");
  memory.stat = OrDie(ParseMemoryStatV1(Tight("memory.stat")), "memory.stat");
  memory.swap_accounting = true;
  memory.memsw_limit =
      OrDie(ParseV1Limit(Tight("memory.memsw.limit_in_bytes")), "memory.memsw.limit_in_bytes");
  const uint64_t memsw_usage =
      OrDie(ParseU64File(Tight("memory.memsw.usage_in_bytes")), "memory.memsw.usage_in_bytes");
  memory.swap_usage = memsw_usage > memory.usage ? memsw_usage - memory.usage : 0;
  memory.swappiness = OrDie(ParseU64File(Tight("memory.swappiness")), "memory.swappiness");
  return memory;
}

CpuReadings CpuReadingsForCpus(int cpus, bool per_cpu) {
  CpuReadings cpu;
  for (int i = 0; i < cpus; ++i) {
    cpu.cpuset.push_back(i);
    if (per_cpu) cpu.per_cpu.push_back({i, 1'000'000'000ull + i * 1000ull, 500'000'000ull});
  }
  cpu.quota_cpus = cpus / 2.0;
  cpu.user_ns = 1'000'000'000ull * cpus;
  cpu.system_ns = 500'000'000ull * cpus;
  return cpu;
}

std::vector<IoDeviceStats> IoOnEveryDevice(const Diskstats& host) {
  std::vector<IoDeviceStats> io;
  for (const DiskstatsLine& line : host.devices) {
    IoDeviceStats device;
    device.major = line.major;
    device.minor = line.minor;
    device.read_ios = 10 + line.minor;
    device.read_bytes = 4096 * device.read_ios;
    device.write_ios = 3;
    device.write_bytes = 3 * 4096;
    io.push_back(device);
  }
  return io;
}

}  // namespace bench
}  // namespace procview
