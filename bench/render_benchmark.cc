// render_benchmark.cc: the renderers on parsed fixtures (parsing excluded).
// Bytes processed are the bytes of the rendered file.
#include <benchmark/benchmark.h>

#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/fixture_readings.h"
#include "bench/fixture_text.h"
#include "lib/procview/parse/cpuinfo.h"
#include "lib/procview/parse/diskstats.h"
#include "lib/procview/parse/meminfo.h"
#include "lib/procview/parse/proc_stat.h"
#include "lib/procview/parse/uptime.h"
#include "lib/procview/render/cpu_sysfs.h"
#include "lib/procview/render/cpuinfo.h"
#include "lib/procview/render/diskstats.h"
#include "lib/procview/render/loadavg.h"
#include "lib/procview/render/meminfo.h"
#include "lib/procview/render/pressure.h"
#include "lib/procview/render/slabinfo.h"
#include "lib/procview/render/stat.h"
#include "lib/procview/render/swap.h"
#include "lib/procview/render/swaps.h"
#include "lib/procview/render/uptime.h"

namespace procview {
namespace bench {
namespace {

// Runs `render` once per iteration. An error skips the benchmark.
template <typename Render>
void RunRenderer(benchmark::State& state, Render render) {
  absl::StatusOr<std::string> first = render();
  if (!first.ok() || first->empty()) {
    state.SkipWithError("render failed on the fixture");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::string> text = render();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(first->size()));
}

std::vector<int> FirstCpus(int n) {
  std::vector<int> cpus(n);
  std::iota(cpus.begin(), cpus.end(), 0);
  return cpus;
}

void BM_RenderMeminfo(benchmark::State& state) {
  const std::string host = FixtureText("tests/fixtures/host-proc/meminfo.txt");
  const MemoryReadings memory = V1MemoryReadings();
  const SwapView swap = ContainerSwap(memory, 2097148, 60, true);
  RunRenderer(state, [&] { return RenderMeminfo(host, memory, swap); });
}
BENCHMARK(BM_RenderMeminfo);

// ContainerCpuTicks + RenderStat, as a read of /proc/stat does, with every
// host CPU visible.
void BM_RenderStat(benchmark::State& state) {
  const int cpus = static_cast<int>(state.range(0));
  const ProcStat host =
      *ParseProcStat(FixtureText(absl::StrCat("tests/fixtures/stat/host_", cpus, "cpu.txt")));
  const std::vector<int> visible = FirstCpus(cpus);
  const CpuReadings cpu = CpuReadingsForCpus(cpus, /*per_cpu=*/true);
  RunRenderer(state, [&]() -> absl::StatusOr<std::string> {
    absl::StatusOr<std::vector<CpuTicks>> ticks = ContainerCpuTicks(host, visible, cpu);
    if (!ticks.ok()) return ticks.status();
    return RenderStat(host, *ticks, ProcessCounts{1, 0});
  });
}
BENCHMARK(BM_RenderStat)->Arg(2)->Arg(64)->Arg(256);

void BM_RenderCpuinfo(benchmark::State& state) {
  const int cpus = static_cast<int>(state.range(0));
  const std::string text = CpuinfoWithCpus(cpus);
  const std::vector<int> visible = FirstCpus(cpus);
  RunRenderer(state, [&] { return RenderCpuinfo(text, visible); });  // parses as it renders
}
BENCHMARK(BM_RenderCpuinfo)->Arg(2)->Arg(64)->Arg(256);

void BM_RenderDiskstatsManyDevices(benchmark::State& state) {
  const Diskstats host =
      *ParseDiskstats(FixtureText("tests/fixtures/diskstats/many_devices_20fields.txt"));
  const std::vector<IoDeviceStats> io = IoOnEveryDevice(host);
  RunRenderer(state, [&] { return RenderDiskstats(host, io); });
}
BENCHMARK(BM_RenderDiskstatsManyDevices);

void BM_RenderSlabinfoHost(benchmark::State& state) {
  const std::string host = FixtureText("tests/fixtures/slabinfo/host.txt");
  RunRenderer(state, [&] { return RenderSlabinfo(std::nullopt, host); });
}
BENCHMARK(BM_RenderSlabinfoHost);

void BM_RenderSlabinfoCgroup(benchmark::State& state) {
  const std::string host = FixtureText("tests/fixtures/slabinfo/host.txt");
  const std::string cgroup = FixtureText("tests/fixtures/slabinfo/v1_memcg_kernel4.txt");
  RunRenderer(state, [&] { return RenderSlabinfo(cgroup, host); });
}
BENCHMARK(BM_RenderSlabinfoCgroup);

void BM_RenderUptime(benchmark::State& state) {
  UptimeInputs in;
  in.host = *ParseUptime(FixtureText("tests/fixtures/host-proc/uptime.txt"));
  in.host_cpus = 2;
  in.init_start_ticks = 4242;
  in.ticks_per_second = 100;
  in.visible_cpus = 1;
  in.busy_ns = 1'500'000'000;
  RunRenderer(state, [&] { return RenderUptime(in); });
}
BENCHMARK(BM_RenderUptime);

void BM_RenderLoadavg(benchmark::State& state) {
  LoadavgValues values;
  values.avenrun = {kLoadFixed1 / 2, kLoadFixed1 / 4, kLoadFixed1 / 8};
  values.running = 1;
  values.total = 12;
  values.last_pid = 28925;
  RunRenderer(state, [&] { return RenderLoadavg(values); });
}
BENCHMARK(BM_RenderLoadavg);

void BM_RenderSwaps(benchmark::State& state) {
  const SwapView swap = ContainerSwap(V1MemoryReadings(), 2097148, 60, true);
  RunRenderer(state, [&]() -> absl::StatusOr<std::string> { return RenderSwaps(swap); });
}
BENCHMARK(BM_RenderSwaps);

void BM_RenderPressure(benchmark::State& state) {
  const std::string text =
      FixtureText("tests/fixtures/cgroup-v2/cgroup/pvrec-parent/cpu.pressure");
  RunRenderer(state, [&] { return RenderPressure(text); });
}
BENCHMARK(BM_RenderPressure);

void BM_RenderCpuRange(benchmark::State& state) {
  RunRenderer(state, [&] { return RenderCpuRange(static_cast<size_t>(state.range(0))); });
}
BENCHMARK(BM_RenderCpuRange)->Arg(2)->Arg(256);

}  // namespace
}  // namespace bench
}  // namespace procview
