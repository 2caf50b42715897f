// fixture_text.h: loads recorded fixture files for the benchmarks, and builds
// larger inputs (many CPUs) from them.
#ifndef PROCVIEW_BENCH_FIXTURE_TEXT_H_
#define PROCVIEW_BENCH_FIXTURE_TEXT_H_

#include <string>

namespace procview {
namespace bench {

// The text of `relpath` (e.g. "tests/fixtures/host-proc/meminfo.txt"), found
// in the binary's runfiles or, when run by hand, under the working directory
// or the workspace ($BUILD_WORKSPACE_DIRECTORY). Aborts with a message when
// the file is missing: a benchmark on an empty input measures nothing.
std::string FixtureText(const std::string& relpath);

// A /proc/cpuinfo with `cpus` processor blocks, made by repeating the
// recorded x86_64 file's first block with its processor, core id and apicid
// renumbered (the recorded machine has only 2 CPUs).
std::string CpuinfoWithCpus(int cpus);

}  // namespace bench
}  // namespace procview

#endif  // PROCVIEW_BENCH_FIXTURE_TEXT_H_
