// fixture_readings.h: container readings built from the recorded cgroup v1
// fixtures, shared by the renderer and facade benchmarks.
#ifndef PROCVIEW_BENCH_FIXTURE_READINGS_H_
#define PROCVIEW_BENCH_FIXTURE_READINGS_H_

#include <vector>

#include "lib/procview/parse/diskstats.h"
#include "lib/procview/readings.h"

namespace procview {
namespace bench {

// The "tight" v1 group's memory: its memory.stat, usage, limit (128M) and
// memsw files. Aborts when the fixtures don't parse.
MemoryReadings V1MemoryReadings();

// A container on host CPUs 0..cpus-1 with per-CPU accounting (v1) when
// `per_cpu`, or only totals (v2), and a quota of half the CPUs.
CpuReadings CpuReadingsForCpus(int cpus, bool per_cpu);

// I/O on every device of `host`, so a diskstats render keeps every line.
std::vector<IoDeviceStats> IoOnEveryDevice(const Diskstats& host);

}  // namespace bench
}  // namespace procview

#endif  // PROCVIEW_BENCH_FIXTURE_READINGS_H_
