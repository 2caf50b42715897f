// resolve_benchmark.cc: reader pid -> container init. Cached and uncached
// resolution over an in-memory process table (the scan fallback of kernels
// without the nsfs ioctl), and the real /proc paths of this kernel.
#include <benchmark/benchmark.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/procview/resolve/fake_proc_table.h"
#include "lib/procview/resolve/namespace_resolver.h"
#include "lib/procview/resolve/proc_table.h"

namespace procview {
namespace bench {
namespace {

constexpr char kHostNs[] = "pid:[4026531836]";
constexpr char kContainerNs[] = "pid:[4026532999]";

// Forwards to a table that outlives the resolver, so a fresh resolver (an
// empty cache) costs nothing to build.
class TableRef : public ProcTable {
 public:
  explicit TableRef(const ProcTable& table) : t_(table) {}
  absl::StatusOr<std::string> PidNamespace(pid_t pid) const override {
    return t_.PidNamespace(pid);
  }
  absl::StatusOr<std::string> OwnPidNamespace() const override { return t_.OwnPidNamespace(); }
  absl::StatusOr<std::string> ReadStat(pid_t pid) const override { return t_.ReadStat(pid); }
  absl::StatusOr<std::string> ReadStatus(pid_t pid) const override { return t_.ReadStatus(pid); }
  absl::StatusOr<std::vector<pid_t>> ListPids() const override { return t_.ListPids(); }
  absl::StatusOr<pid_t> NamespaceInit(pid_t pid) const override { return t_.NamespaceInit(pid); }

 private:
  const ProcTable& t_;
};

// `host_processes` host processes (pids 1..N), then a container: its init
// and the reader, last in pid order, so a scan visits every process.
constexpr pid_t kReader = 1'000'000;
std::unique_ptr<FakeProcTable> MakeTable(int host_processes, bool kernel_has_ioctl) {
  auto table = std::make_unique<FakeProcTable>(kHostNs);
  for (pid_t pid = 1; pid <= host_processes; ++pid) table->Add({kHostNs, {pid}, 100});
  table->Add({kContainerNs, {kReader - 1, 1}, 5000});
  table->Add({kContainerNs, {kReader, 7}, 6000});
  table->set_kernel_has_ioctl(kernel_has_ioctl);
  return table;
}

void Check(benchmark::State& state, const absl::StatusOr<pid_t>& init, pid_t want) {
  if (!init.ok() || *init != want) state.SkipWithError("wrong container init");
}

// Kernel without the ioctl, answer cached: validation reads only.
void BM_ResolveScanCached(benchmark::State& state) {
  std::unique_ptr<FakeProcTable> table = MakeTable(static_cast<int>(state.range(0)), false);
  NamespaceResolver resolver(std::make_unique<TableRef>(*table));
  Check(state, resolver.ContainerInit(kReader), kReader - 1);
  for (auto _ : state) benchmark::DoNotOptimize(resolver.ContainerInit(kReader));
}
BENCHMARK(BM_ResolveScanCached)->Arg(100)->Arg(1000);

// Kernel without the ioctl, empty cache: a scan of every process.
void BM_ResolveScanUncached(benchmark::State& state) {
  std::unique_ptr<FakeProcTable> table = MakeTable(static_cast<int>(state.range(0)), false);
  Check(state, NamespaceResolver(std::make_unique<TableRef>(*table)).ContainerInit(kReader),
        kReader - 1);
  for (auto _ : state) {
    NamespaceResolver resolver(std::make_unique<TableRef>(*table));
    benchmark::DoNotOptimize(resolver.ContainerInit(kReader));
  }
}
BENCHMARK(BM_ResolveScanUncached)->Arg(100)->Arg(1000);

// Kernel with the ioctl (fake): no cache involved.
void BM_ResolveIoctlFake(benchmark::State& state) {
  std::unique_ptr<FakeProcTable> table = MakeTable(100, true);
  NamespaceResolver resolver(std::make_unique<TableRef>(*table));
  Check(state, resolver.ContainerInit(kReader), kReader - 1);
  for (auto _ : state) benchmark::DoNotOptimize(resolver.ContainerInit(kReader));
}
BENCHMARK(BM_ResolveIoctlFake);

// This machine's /proc: a reader in our own pid namespace (one readlink).
void BM_ResolveRealOwnNamespace(benchmark::State& state) {
  std::unique_ptr<ContainerResolver> resolver = NewNamespaceResolver("/proc");
  Check(state, resolver->ContainerInit(getpid()), getpid());
  for (auto _ : state) benchmark::DoNotOptimize(resolver->ContainerInit(getpid()));
}
BENCHMARK(BM_ResolveRealOwnNamespace);

// This machine's /proc: the init of a new pid namespace reading (the nsfs
// ioctl, or the cached scan where the kernel lacks it). Needs root.
void BM_ResolveRealContainer(benchmark::State& state) {
  const pid_t child = static_cast<pid_t>(
      syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
  if (child == 0) {
    pause();
    _exit(0);
  }
  if (child < 0) {
    state.SkipWithError("clone(CLONE_NEWPID) failed (needs root)");
    return;
  }
  {
    std::unique_ptr<ContainerResolver> resolver = NewNamespaceResolver("/proc");
    Check(state, resolver->ContainerInit(child), child);
    for (auto _ : state) benchmark::DoNotOptimize(resolver->ContainerInit(child));
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}
BENCHMARK(BM_ResolveRealContainer);

}  // namespace
}  // namespace bench
}  // namespace procview
