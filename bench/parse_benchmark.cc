// parse_benchmark.cc: the parsers of /proc and cgroup text on recorded fixtures.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "bench/fixture_text.h"
#include "lib/procview/parse/cgroup_values.h"
#include "lib/procview/parse/cpu_list.h"
#include "lib/procview/parse/cpuinfo.h"
#include "lib/procview/parse/diskstats.h"
#include "lib/procview/parse/loadavg.h"
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/parse/proc_pid.h"
#include "lib/procview/parse/proc_pid_cgroup.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/parse/uptime.h"

namespace procview {
namespace bench {
namespace {

// Runs `parse` on `text` once per iteration; a parse error aborts the run (a
// fast error is not a fast parse).
template <typename Parse>
void RunParser(benchmark::State& state, const std::string& text, Parse parse) {
  if (!parse(text).ok()) {
    state.SkipWithError("fixture does not parse");
    return;
  }
  for (auto _ : state) {
    auto parsed = parse(text);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

std::string StatFixture(int64_t cpus) {
  return FixtureText(absl::StrCat("tests/fixtures/stat/host_", cpus, "cpu.txt"));
}

void BM_ParseMeminfo(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/host-proc/meminfo.txt"),
            [](const std::string& t) { return ParseMeminfo(t); });
}
BENCHMARK(BM_ParseMeminfo);

void BM_ParseProcStat(benchmark::State& state) {
  RunParser(state, StatFixture(state.range(0)),
            [](const std::string& t) { return ParseProcStat(t); });
}
BENCHMARK(BM_ParseProcStat)->Arg(2)->Arg(64)->Arg(256);

void BM_ParseCpuinfo(benchmark::State& state) {
  RunParser(state, CpuinfoWithCpus(static_cast<int>(state.range(0))),
            [](const std::string& t) { return ParseCpuinfo(t); });
}
BENCHMARK(BM_ParseCpuinfo)->Arg(2)->Arg(64)->Arg(256);

void BM_ParseDiskstatsHost(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/diskstats/host_vda.txt"),
            [](const std::string& t) { return ParseDiskstats(t); });
}
BENCHMARK(BM_ParseDiskstatsHost);

void BM_ParseDiskstatsManyDevices(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/diskstats/many_devices_20fields.txt"),
            [](const std::string& t) { return ParseDiskstats(t); });
}
BENCHMARK(BM_ParseDiskstatsManyDevices);

void BM_ParseUptime(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/host-proc/uptime.txt"),
            [](const std::string& t) { return ParseUptime(t); });
}
BENCHMARK(BM_ParseUptime);

void BM_ParseLoadavg(benchmark::State& state) {
  RunParser(state, std::string("0.00 0.10 0.13 1/189 28925\n"),
            [](const std::string& t) { return ParseLoadavg(t); });
}
BENCHMARK(BM_ParseLoadavg);

void BM_ParseMemoryStatV1(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/cgroup-v1/cgroup/memory/pvrec-parent/memory.stat"),
            [](const std::string& t) {
              V1StatedLimits limits;  // as a meminfo read parses it
              return ParseMemoryStatV1(t, &limits);
            });
}
BENCHMARK(BM_ParseMemoryStatV1);

void BM_ParseMemoryStatV2(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/cgroup-v2/cgroup/pvrec-parent/memory.stat"),
            [](const std::string& t) { return ParseMemoryStatV2(t); });
}
BENCHMARK(BM_ParseMemoryStatV2);

void BM_ParseCpuacctUsageAll(benchmark::State& state) {
  RunParser(state,
            FixtureText("tests/fixtures/cgroup-v1/cgroup/cpuacct/pvrec-parent/cpuacct.usage_all"),
            [](const std::string& t) { return ParseCpuacctUsageAll(t); });
}
BENCHMARK(BM_ParseCpuacctUsageAll);

void BM_ParseCpuStatV2(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/cgroup-v2/cgroup/pvrec-parent/cpu.stat"),
            [](const std::string& t) { return ParseCpuStatV2(t); });
}
BENCHMARK(BM_ParseCpuStatV2);

void BM_ParseIoStat(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/cgroup-v2/cgroup/pvrec-parent/io.stat"),
            [](const std::string& t) { return ParseIoStat(t); });
}
BENCHMARK(BM_ParseIoStat);

void BM_ParseBlkio(benchmark::State& state) {
  RunParser(state,
            FixtureText("tests/fixtures/cgroup-v1/cgroup/blkio/pvrec-parent/"
                        "blkio.throttle.io_service_bytes_recursive"),
            [](const std::string& t) {
              std::vector<IoDeviceStats> devices;
              return ParseBlkio(t, kBlkioBytes, &devices);
            });
}
BENCHMARK(BM_ParseBlkio);

void BM_ParseV1Limit(benchmark::State& state) {
  RunParser(
      state,
      FixtureText("tests/fixtures/cgroup-v1/cgroup/memory/pvrec-parent/memory.limit_in_bytes"),
      [](const std::string& t) { return ParseV1Limit(t); });
}
BENCHMARK(BM_ParseV1Limit);

void BM_ParseCpuList(benchmark::State& state) {
  RunParser(state, std::string("0-3,8,10-11,16-31\n"),
            [](const std::string& t) { return ParseCpuList(t); });
}
BENCHMARK(BM_ParseCpuList);

void BM_ParseProcPidCgroup(benchmark::State& state) {
  RunParser(state, FixtureText("tests/fixtures/cgroup-v1/busy_cgroup.txt"),
            [](const std::string& t) { return ParseProcPidCgroup(t); });
}
BENCHMARK(BM_ParseProcPidCgroup);

void BM_ParseProcPidStatus(benchmark::State& state) {
  RunParser(state,
            std::string("Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\n"
                        "Ngid:\t0\nPid:\t4242\nPPid:\t4200\nTracerPid:\t0\n"
                        "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t0\n"
                        "NStgid:\t4242\t1\nNSpid:\t4242\t1\nNSpgid:\t4242\t1\nNSsid:\t4242\t1\n"),
            [](const std::string& t) { return InnermostNsPid(t); });
}
BENCHMARK(BM_ParseProcPidStatus);

}  // namespace
}  // namespace bench
}  // namespace procview
