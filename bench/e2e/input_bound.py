"""input_bound.py: how near the floor a procviewfs read can get, measured:
the kernel's own cost for the input files the daemon opens to render it.

For each file: traces one read of it through procviewfs (by a reader in a
limited cgroup v1 group) with strace, to list the files the daemon opened;
then reads each of those inputs natively from a reader in the same group
(its own /proc/self in place of the traced reader's /proc/PID), p50 with 1
reader; the floor (floorfs) and procviewfs itself are measured in the same
run, with 1 reader (p50) and 8 (ops/s).

  bound = (floor p50 + the inputs' p50 summed) / floor p50

The daemon reads a file's inputs one after the other while the reader
waits, so as long as it opens them on every read, and without caching
values across reads, a procviewfs read's p50 over the floor's can't go
below this bound. "kept" is the same bound if the daemon kept every input
open and re-read it with pread at offset 0 (all but the reader's own
/proc/PID files, whose pid changes).

Throughput with 8 readers is limited by the CPUs instead. Each input read
natively by 8 readers gives its CPU cost per read (CPUs / its reads per
second), so while the floor keeps the CPUs busy

  tbound = 1 / (1 + floor ops/s x the inputs' 1/(ops/s) summed)

estimates the highest pv/floor throughput reachable (an estimate: the
floor may leave CPU idle). Prints a table; exits 0 (a benchmark),
2 on setup errors. Needs root, /dev/fuse and strace.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_env import FILES, add_binary_args, expect_native, mounted, run_reader  # noqa: E402

OPENED = re.compile(r'open(?:at)?\((?:AT_FDCWD, )?"([^"]+)", ([A-Z_|]+)[^)]*\) = \d+')


def traced_inputs(daemon_pid, reader, path, expect, join):
    """Files the daemon opened (read-only, not directories) during one read."""
    log = "/tmp/pvbench-strace.%d" % os.getpid()
    strace = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=open,openat",
                               "-e", "status=successful", "-o", log, "-p", str(daemon_pid)],
                              stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # attached to every thread
        run_reader(reader, path, "open", 1, expect, 1, join)
        time.sleep(0.2)
    finally:
        strace.send_signal(signal.SIGINT)
        strace.wait(10)
    inputs = []
    with open(log) as f:
        for line in f:
            m = OPENED.search(line)
            if m and "O_DIRECTORY" not in m.group(2) and m.group(1) not in inputs:
                inputs.append(m.group(1))
    os.remove(log)
    # The traced reader is gone: a native reader reads its own /proc files.
    return [re.sub(r"^/proc/\d+/", "/proc/self/", p) for p in inputs]


def p50(reader, path, expect, join, reads, mode="open"):
    """p50 µs of open + read to EOF + close (or of a pread from 0), 1 reader."""
    return run_reader(reader, path, mode, reads, expect, 1, join)[0].p50


def kept_p50(reader, path, join, reads):
    """An input's p50 were it kept open: pread, but open per read for /proc/self."""
    mode = "open" if path.startswith("/proc/self/") else "pread"
    return p50(reader, path, "", join, reads, mode)


def ops8(reader, path, expect, join, reads):
    """Reads per second with 8 readers."""
    return run_reader(reader, path, "open", max(1, reads // 4), expect, 8, join)[0].ops


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_binary_args(parser)
    parser.add_argument("--files", default=",".join(f[0] for f in FILES))
    parser.add_argument("--reads", type=int, default=2000, help="reads with 1 reader")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("needs root (cgroups, FUSE mounts, strace)", file=sys.stderr)
        return 2
    names = args.files.split(",")
    with mounted(args) as (_, join, pv, floor):
        print("%-16s %6s %9s %9s %9s %8s %8s %8s %8s %8s"
              % ("file", "inputs", "floor", "inputs", "pv", "bound", "kept", "pv/flr", "tput8",
                 "tbound"))
        for name, path, _ in [f for f in FILES if f[0] in names]:
            expect = expect_native(name)
            inputs = traced_inputs(pv.pid, args.reader, pv.path(path), expect, join)
            floor_path, pv_path = floor.path(name), pv.path(path)
            floor_p50 = p50(args.reader, floor_path, expect, join, args.reads)
            pv_p50 = p50(args.reader, pv_path, expect, join, args.reads)
            sum_p50 = sum(p50(args.reader, source, "", join, args.reads) for source in inputs)
            sum_kept = sum(kept_p50(args.reader, source, join, args.reads) for source in inputs)
            floor_ops = ops8(args.reader, floor_path, expect, join, args.reads)
            tput8 = ops8(args.reader, pv_path, expect, join, args.reads) / floor_ops
            # Inputs are ~10x faster than a FUSE read: 4x the reads keeps each run long
            # enough to time.
            input_seconds = sum(1.0 / ops8(args.reader, source, "", join, 4 * args.reads)
                                for source in inputs)
            print("%-16s %6d %9.1f %9.1f %9.1f %8.2f %8.2f %8.2f %8.2f %8.2f"
                  % (name, len(inputs), floor_p50, sum_p50, pv_p50,
                     (floor_p50 + sum_p50) / floor_p50, (floor_p50 + sum_kept) / floor_p50,
                     pv_p50 / floor_p50, tput8, 1.0 / (1.0 + floor_ops * input_seconds)))
            print("    " + " ".join(inputs))
    print("columns: p50 µs with 1 reader (floor, the inputs' summed, pv); bound = the lowest "
          "pv/floor p50 reachable opening the inputs per read, kept = keeping them open; "
          "tput8 = pv/floor reads/s with 8 readers, tbound = the highest tput8 reachable "
          "(estimated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
