// facade_benchmark.cc: whole-file renders through Procview::Render with
// map-backed sources holding the recorded fixtures: resolution, source
// reads, parsing and rendering together, without kernel I/O.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/fixture_readings.h"
#include "bench/fixture_text.h"
#include "lib/procview/parse/diskstats.h"
#include "lib/procview/procview.h"
#include "lib/procview/source/fake_sources.h"

namespace procview {
namespace bench {
namespace {

constexpr pid_t kReader = 1000;
constexpr pid_t kInit = 900;
constexpr char kContainerCgroup[] =
    "12:blkio:/pvbench\n6:memory:/pvbench\n5:cpuset:/pvbench\n4:cpu,cpuacct:/pvbench\n0::/\n";

// Every reader resolves to kInit.
class FixedResolver : public ContainerResolver {
 public:
  absl::StatusOr<pid_t> ContainerInit(pid_t reader) override {
    if (reader != kReader) return absl::NotFoundError("unknown reader");
    return kInit;
  }
};

std::string OnlineList(int cpus) { return cpus == 1 ? "0\n" : absl::StrCat("0-", cpus - 1, "\n"); }

// A facade over a host with `cpus` CPUs (recorded 2-CPU files; generated
// ones for 64 and 256) and one v1 container that sees all of them.
std::unique_ptr<Procview> MakeFacade(int cpus) {
  auto host = std::make_unique<MapHost>();
  host->proc["meminfo"] = FixtureText("tests/fixtures/host-proc/meminfo.txt");
  host->proc["stat"] = FixtureText(absl::StrCat("tests/fixtures/stat/host_", cpus, "cpu.txt"));
  host->proc["cpuinfo"] = CpuinfoWithCpus(cpus);
  host->proc["uptime"] = FixtureText("tests/fixtures/host-proc/uptime.txt");
  host->proc["swaps"] = FixtureText("tests/fixtures/host-proc/swaps.txt");
  host->proc["sys/vm/swappiness"] = FixtureText("tests/fixtures/host-proc/swappiness.txt");
  host->proc["diskstats"] = FixtureText("tests/fixtures/diskstats/many_devices_20fields.txt");
  host->proc["slabinfo"] = FixtureText("tests/fixtures/slabinfo/host.txt");
  host->proc["loadavg"] = "0.00 0.10 0.13 1/189 28925\n";
  host->proc["pressure/cpu"] = "some avg10=0.00 avg60=0.00 avg300=0.95 total=171893233\n";
  host->proc["pressure/io"] = host->proc["pressure/cpu"];
  host->proc["pressure/memory"] = host->proc["pressure/cpu"];
  host->proc[absl::StrCat(kInit, "/cgroup")] = kContainerCgroup;
  host->proc[absl::StrCat(kInit, "/stat")] =
      absl::StrCat(kInit, " (init) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0\n");
  for (const char* name : {"online", "present", "possible"}) {
    host->sys[absl::StrCat("devices/system/cpu/", name)] = OnlineList(cpus);
  }

  CgroupValues container;
  container.memory = V1MemoryReadings();
  container.cpu = CpuReadingsForCpus(cpus, /*per_cpu=*/true);
  container.io = IoOnEveryDevice(*ParseDiskstats(host->proc["diskstats"]));
  container.tasks = {kInit};
  auto tree = std::make_unique<MapTree>();
  tree->containers[kContainerCgroup] = container;
  return Procview::CreateWithSources(Options{}, std::move(host), std::move(tree),
                                     std::make_unique<FixedResolver>());
}

// Renders AllFiles()[range(0)] for a container on a range(1)-CPU host.
void BM_FacadeRender(benchmark::State& state) {
  const File file = AllFiles()[static_cast<size_t>(state.range(0))];
  const int cpus = static_cast<int>(state.range(1));
  state.SetLabel(std::string(PathOf(file)));
  std::unique_ptr<Procview> facade = MakeFacade(cpus);
  absl::StatusOr<Rendered> first = facade->Render(file, kReader);
  if (!first.ok() || first->text.empty()) {
    state.SkipWithError("render failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<Rendered> out = facade->Render(file, kReader);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(first->text.size()));
}

void FacadeArgs(benchmark::internal::Benchmark* b) {
  for (size_t i = 0; i < AllFiles().size(); ++i) b->Args({static_cast<int64_t>(i), 2});
  for (size_t i = 0; i < AllFiles().size(); ++i) {
    const File file = AllFiles()[i];
    if (file == File::kStat || file == File::kCpuinfo || file == File::kUptime) {
      b->Args({static_cast<int64_t>(i), 64});
      b->Args({static_cast<int64_t>(i), 256});
    }
  }
}
BENCHMARK(BM_FacadeRender)->Apply(FacadeArgs);

}  // namespace
}  // namespace bench
}  // namespace procview
