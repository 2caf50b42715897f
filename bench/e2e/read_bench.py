"""read_bench.py: end-to-end read benchmark of procviewfs against a bare FUSE
filesystem (floorfs, the floor) and the kernel's own /proc.

Mounts procviewfs and floorfs side by side, puts the readers in cgroup v1
groups it creates under /sys/fs/cgroup/<controller>/pvbench-<pid> (always
removed again), and for every served file, in open-per-read and keep-open
pread modes, measures p50/p99 latency and ops/s at 1 and 8 reader threads,
daemon CPU per read (utime+stime of /proc/PID/stat), daemon RSS, and the
ratios to the floor and to native /proc. Then a scaling run: K = 1, 10, 100,
1000 containers (one reader process in its own groups each) reading
meminfo at once. Every read is validated (non-empty, expected first key).

Prints a table. Exits 0 when every read was valid, 1 otherwise, 2 on setup
errors. Needs root and /dev/fuse. --quick runs few iterations (a CI smoke
step).
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_env import (CLK_TCK, FILES, SCALE_CONTROLLERS, add_binary_args,  # noqa: E402
                       expect_native, mounted, rss_kb, run_reader)


# ---- the benchmark ----

def fmt_ratio(a, b):
    return "%.2f" % (a / b) if b else "-"


def median(values):
    return statistics.median(values) if values else 0.0


def spread(values):
    """Relative spread (max-min)/median, in percent."""
    m = median(values)
    return 100.0 * (max(values) - min(values)) / m if m and len(values) > 1 else 0.0


def bench_files(args, reader, pv, floor, procs_files, expect_for, names):
    rows = []
    invalid = 0
    for name, path, _ in [f for f in FILES if f[0] in names]:
        native = "/" + path
        if not os.path.exists(native) or not os.path.exists(pv.path(path)):
            continue
        expect = expect_for(name, path)
        for mode in ("open", "pread"):
            runs = {}  # (target, threads) -> list of ReadResult
            cpu = {"pv": [0, 0], "floor": [0, 0]}  # ticks, reads
            for _ in range(args.repeat):
                for threads in (1, 8):
                    reads = args.reads if threads == 1 else max(1, args.reads // 4)
                    for target, file_path, daemon, exp in (
                            ("native", native, None, expect_native(name)),
                            ("floor", floor.path(name), floor.pid, expect_native(name)),
                            ("pv", pv.path(path), pv.pid, expect)):
                        res, ticks = run_reader(reader, file_path, mode, reads, exp, threads,
                                                procs_files, daemon_pid=daemon)
                        invalid += res.errors
                        runs.setdefault((target, threads), []).append(res)
                        if daemon:
                            cpu[target][0] += ticks
                            cpu[target][1] += res.reads
            def m(target, threads, attr):
                return median([getattr(r, attr) for r in runs[(target, threads)]])
            cpu_us = {t: (1e6 * c / CLK_TCK / n if n else 0) for t, (c, n) in cpu.items()}
            rows.append({
                "file": name, "mode": mode,
                "p50": {t: m(t, 1, "p50") for t in ("native", "floor", "pv")},
                "p50_8": {t: m(t, 8, "p50") for t in ("native", "floor", "pv")},
                "p99": {t: m(t, 1, "p99") for t in ("native", "floor", "pv")},
                "ops1": {t: m(t, 1, "ops") for t in ("native", "floor", "pv")},
                "ops8": {t: m(t, 8, "ops") for t in ("native", "floor", "pv")},
                "spread": spread([r.p50 for r in runs[("pv", 1)]]),
                "cpu": cpu_us,
                "errors": sum(r.errors for rs in runs.values() for r in rs),
            })
            sys.stderr.write(".")
            sys.stderr.flush()
    sys.stderr.write("\n")
    return rows, invalid


def print_file_table(rows, pv_rss_kb, floor_rss_kb):
    print()
    print("Per file (1 reader unless noted; latency in us; pv = procviewfs; "
          "ratio = pv / floor, pv / native)")
    head = ("%-16s %-5s %7s %7s %7s %6s %7s %7s %7s %7s %7s %7s %7s %7s %7s %6s %6s %6s %4s"
            % ("file", "mode", "native", "floor", "pv", "±%", "pv/flr", "pv/nat",
               "p99flr", "p99pv", "p50flr8", "p50pv8", "ops1pv", "ops8flr", "ops8pv",
               "tput8", "cpuflr", "cpupv", "err"))
    print(head)
    print("-" * len(head))
    for r in rows:
        print("%-16s %-5s %7.1f %7.1f %7.1f %6.1f %7s %7s %7.1f %7.1f %7.1f %7.1f %7.0f %7.0f "
              "%7.0f %6s %6.1f %6.1f %4d"
              % (r["file"], r["mode"], r["p50"]["native"], r["p50"]["floor"], r["p50"]["pv"],
                 r["spread"], fmt_ratio(r["p50"]["pv"], r["p50"]["floor"]),
                 fmt_ratio(r["p50"]["pv"], r["p50"]["native"]),
                 r["p99"]["floor"], r["p99"]["pv"], r["p50_8"]["floor"], r["p50_8"]["pv"],
                 r["ops1"]["pv"], r["ops8"]["floor"], r["ops8"]["pv"],
                 fmt_ratio(r["ops8"]["pv"], r["ops8"]["floor"]),
                 r["cpu"]["floor"], r["cpu"]["pv"], r["errors"]))
    print()
    print("columns: native/floor/pv = p50 us, 1 reader; ±% = spread of pv p50 over repeats; "
          "p50*8 = p50 with 8 readers; ops = reads/s; tput8 = pv/floor ops/s at 8 readers; "
          "cpu = daemon CPU us per read (utime+stime)")
    print("daemon RSS after the per-file runs: procviewfs %d kB, floorfs %d kB"
          % (pv_rss_kb, floor_rss_kb))


def bench_scaling(args, reader, pv, floor, groups, expect, sizes):
    print()
    print("Scaling: K containers (one reader process in its own limited groups each) "
          "reading meminfo at once, open-per-read; the floor under the same load")
    head = "%6s %8s %9s %9s %9s %9s %9s %8s %9s %8s %8s" % (
        "K", "reads", "p50_us", "p99_us", "ops/s", "flr_ops/s", "cpu/read", "vs_K=1",
        "flr_cpu", "vs_K=1", "rss_kB")
    print(head)
    print("-" * len(head))
    base = {}
    invalid = 0
    made = 0
    for controller in SCALE_CONTROLLERS:
        groups._mkdir(controller, "scale")
    for k in sizes:
        while made < k:
            groups.make("scale/c%d" % made, SCALE_CONTROLLERS)
            made += 1
        per = max(2, args.scale_reads // k)
        templates = [os.path.join(groups.path(c, "scale/c%d"), "cgroup.procs")
                     for c in SCALE_CONTROLLERS]
        cpu_us = {}
        results = {}
        for target, path, daemon, exp in (
                ("pv", pv.path("proc/meminfo"), pv.pid, expect),
                ("floor", floor.path("meminfo"), floor.pid, expect_native("meminfo"))):
            res, ticks = run_reader(reader, path, "open", per, exp, processes=k,
                                    templates=templates, daemon_pid=daemon)
            invalid += res.errors
            results[target] = res
            cpu_us[target] = 1e6 * ticks / CLK_TCK / res.reads
            base.setdefault(target, cpu_us[target])
        res = results["pv"]
        print("%6d %8d %9.1f %9.1f %9.0f %9.0f %9.1f %8s %9.1f %8s %8d"
              % (k, res.reads, res.p50, res.p99, res.ops, results["floor"].ops, cpu_us["pv"],
                 fmt_ratio(cpu_us["pv"], base["pv"]), cpu_us["floor"],
                 fmt_ratio(cpu_us["floor"], base["floor"]), rss_kb(pv.pid)))
    print("procviewfs RSS after K=%d containers were each read at least twice: %d kB "
          "(target < 16384)" % (sizes[-1], rss_kb(pv.pid)))
    return invalid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few iterations (smoke step)")
    add_binary_args(parser)
    parser.add_argument("--files", default=",".join(f[0] for f in FILES),
                        help="comma-separated file names (default: all)")
    parser.add_argument("--reads", type=int, default=1000,
                        help="reads per run with 1 reader (each of 8 readers does a quarter)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--scale", default=None,
                        help="container counts ('' = none; default 1,10,100,1000, quick: 1,10)")
    parser.add_argument("--scale-reads", type=int, default=4000, help="total reads per K")
    args = parser.parse_args()
    if args.quick:
        args.reads, args.repeat, args.scale_reads = 40, 1, 200
    if args.scale is None:
        args.scale = "1,10" if args.quick else "1,10,100,1000"
    for path in (args.procviewfs, args.library, args.floorfs, args.reader):
        if not os.path.exists(path):
            print("missing %s (build //bench/e2e:read_bench first)" % path, file=sys.stderr)
            return 2
    if os.geteuid() != 0:
        print("needs root (cgroups, FUSE mounts)", file=sys.stderr)
        return 2
    names = set(args.files.split(","))
    fake = "fake" in os.path.basename(args.library)

    def expect_for(name, path):
        # The fake library serves "<path> line 0 ..." self-checking text.
        return path + " line 0" if fake else expect_native(name)

    invalid = 0
    with mounted(args) as (groups, procs_files, pv, floor):
        print("procviewfs %s, library %s; floor %s; %d CPUs; %s"
              % (args.procviewfs, os.path.basename(args.library), args.floorfs,
                 os.cpu_count(), "quick" if args.quick else
                 "%d reads x %d repeats" % (args.reads, args.repeat)))
        rows, bad = bench_files(args, args.reader, pv, floor, procs_files, expect_for, names)
        invalid += bad
        print_file_table(rows, rss_kb(pv.pid), rss_kb(floor.pid))
        sizes = [int(k) for k in args.scale.split(",") if k]
        if sizes:
            invalid += bench_scaling(args, args.reader, pv, floor, groups,
                                     expect_for("meminfo", "proc/meminfo"), sizes)
    if invalid:
        print("INVALID: %d reads failed or returned unexpected content" % invalid)
        return 1
    print("all reads valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
