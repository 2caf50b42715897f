#!/usr/bin/env bash
# bench_smoke.sh: the end-to-end read benchmark in quick mode, as a smoke
# test of the whole read path: procviewfs and the floor filesystem mounted
# side by side, readers in limited cgroups, every read's content validated
# (read_bench exits 1 on any failed or malformed read). Figures printed here
# are not asserted: see bench/README.md for the measured ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
bazel run //bench/e2e:read_bench -- --quick --scale=1,10
# The input bound's whole path (strace of a read, native reads of its inputs).
bazel run //bench/e2e:input_bound -- --files=loadavg,meminfo --reads=50
