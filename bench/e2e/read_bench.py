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
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "integration"))
import pvtest  # noqa: E402  (the daemon helper shared with the integration tests)

CGROUP_ROOT = "/sys/fs/cgroup"
CONTROLLERS = ("memory", "cpu", "cpuacct", "cpuset", "blkio")
SCALE_CONTROLLERS = ("memory", "cpu", "cpuacct", "cpuset")
CLK_TCK = os.sysconf("SC_CLK_TCK")

# name -> (path under the procviewfs mount and under /, expected first bytes)
FILES = [
    ("meminfo", "proc/meminfo", "MemTotal:"),
    ("cpuinfo", "proc/cpuinfo", "processor"),
    ("stat", "proc/stat", "cpu "),
    ("uptime", "proc/uptime", ""),
    ("diskstats", "proc/diskstats", ""),
    ("swaps", "proc/swaps", "Filename"),
    ("slabinfo", "proc/slabinfo", "slabinfo - version"),
    ("loadavg", "proc/loadavg", ""),
    ("pressure-cpu", "proc/pressure/cpu", "some "),
    ("pressure-io", "proc/pressure/io", "some "),
    ("pressure-memory", "proc/pressure/memory", "some "),
    ("cpu-online", "sys/devices/system/cpu/online", "0"),
]


def workspace_file(relpath):
    """A built file: next to this script in Bazel runfiles, else bazel-bin."""
    here = os.path.dirname(os.path.abspath(__file__))
    for base in (os.path.join(here, "..", ".."), os.path.join(here, "..", "..", "bazel-bin")):
        path = os.path.normpath(os.path.join(base, relpath))
        if os.path.exists(path):
            return path
    return os.path.normpath(os.path.join(here, "..", "..", "bazel-bin", relpath))


# ---- cgroups ----

class Groups:
    """Our groups: /sys/fs/cgroup/<controller>/pvbench-<pid>/<name>. Only
    ever touches what it created; remove() kills what is left inside."""

    def __init__(self):
        self.top = "pvbench-%d" % os.getpid()
        self.made = []  # paths, parents first
        for controller in CONTROLLERS:
            self._mkdir(controller, "")
            if controller == "cpuset":
                for key in ("cpuset.cpus", "cpuset.mems"):
                    parent = os.path.join(CGROUP_ROOT, "cpuset", key)
                    self.write("cpuset", "", key, pvtest.read_text(parent).strip())
                self.write("cpuset", "", "cgroup.clone_children", "1")

    def path(self, controller, name):
        return os.path.join(CGROUP_ROOT, controller, self.top, name)

    def _mkdir(self, controller, name):
        path = self.path(controller, name).rstrip("/")
        os.mkdir(path)
        self.made.append(path)

    def write(self, controller, name, key, value):
        with open(os.path.join(self.path(controller, name), key), "w") as f:
            f.write(str(value))

    def make(self, name, controllers, memory_limit=512 << 20, cpus=2.0):
        """A limited container group: memory limit, cpu quota, all CPUs."""
        for controller in controllers:
            self._mkdir(controller, name)
        self.write("memory", name, "memory.limit_in_bytes", memory_limit)
        period = 100000
        self.write("cpu", name, "cpu.cfs_period_us", period)
        self.write("cpu", name, "cpu.cfs_quota_us", int(period * cpus))
        return [os.path.join(self.path(c, name), "cgroup.procs") for c in controllers]

    def remove(self):
        for path in reversed(self.made):
            deadline = time.monotonic() + 10
            while os.path.isdir(path):
                with contextlib.suppress(OSError):
                    for pid in pvtest.read_text(os.path.join(path, "cgroup.procs")).split():
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(int(pid), signal.SIGKILL)
                try:
                    os.rmdir(path)
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        print("warning: could not remove %s" % path, file=sys.stderr)
                        break
                    time.sleep(0.02)
        self.made = []


def do_some_io(procs_files):
    """Direct writes and reads of a scratch file from inside the group, so
    its blkio counters (and so its diskstats) are not empty."""
    scratch = "/var/tmp/pvbench-io.%d" % os.getpid()
    join = "".join("echo $$ > %s; " % p for p in procs_files)
    try:
        subprocess.call(["sh", "-c", join +
                         "dd if=/dev/zero of=%s bs=4k count=64 oflag=direct && "
                         "dd if=%s of=/dev/null bs=4k iflag=direct" % (scratch, scratch)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(scratch)


# ---- daemons ----

class Floor:
    """floorfs serving a copy of each native file, taken at startup."""

    def __init__(self, binary, sources):
        self.dir = pvtest.scratch_dir("floorfs.")
        self.mountpoint = os.path.join(self.dir, "mnt")
        os.makedirs(self.mountpoint)
        args = [binary, self.mountpoint] + ["%s=%s" % (n, p) for n, p in sources]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL)
        pvtest.wait_for(lambda: pvtest.mount_fstype(self.mountpoint) == "fuse.floorfs"
                        or self.proc.poll() is not None, 10, "floorfs mount")
        if self.proc.poll() is not None:
            raise RuntimeError("floorfs exited with %s" % self.proc.returncode)

    @property
    def pid(self):
        return self.proc.pid

    def path(self, name):
        return os.path.join(self.mountpoint, name)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if pvtest.mount_fstype(self.mountpoint) is not None:
            subprocess.call(["fusermount3", "-u", "-z", self.mountpoint],
                            stderr=subprocess.DEVNULL)


def cpu_ticks(pid):
    """utime + stime of a process, in clock ticks (all its threads)."""
    text = pvtest.read_text("/proc/%d/stat" % pid)
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def rss_kb(pid):
    return pvtest.proc_status(pid, "VmRSS")


# ---- readers ----

READER_LINE = re.compile(r"reads=(\d+) errors=(\d+) p50_us=([\d.]+) p99_us=([\d.]+) "
                         r"mean_us=([\d.]+) ops_per_s=([\d.]+)")


class ReadResult:
    def __init__(self, line):
        m = READER_LINE.search(line or "")
        if not m:
            raise RuntimeError("reader printed %r" % line)
        self.reads, self.errors = int(m.group(1)), int(m.group(2))
        self.p50, self.p99 = float(m.group(3)), float(m.group(4))
        self.ops = float(m.group(6))


def run_reader(reader, path, mode, reads, expect, threads=1, join=(), processes=0,
               templates=(), daemon_pid=None):
    """Runs the reader; returns (ReadResult, daemon CPU ticks used)."""
    args = [reader, "--mode=" + mode, "--reads=%d" % reads, "--expect=" + expect]
    if processes:
        args += ["--processes=%d" % processes, "--join-template=" + ",".join(templates)]
    else:
        args += ["--threads=%d" % threads]
    if join:
        args.append("--join=" + ",".join(join))
    args.append(path)
    before = cpu_ticks(daemon_pid) if daemon_pid else 0
    out = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    used = cpu_ticks(daemon_pid) - before if daemon_pid else 0
    if out.stderr.strip():
        print(out.stderr.strip(), file=sys.stderr)
    return ReadResult(out.stdout), used


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


def expect_native(name):
    return dict((n, e) for n, _, e in FILES)[name]


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
    parser.add_argument("--procviewfs", default=workspace_file("frontends/fuse/procviewfs"))
    parser.add_argument("--library", default=workspace_file("lib/procview/abi/libprocview.so"))
    parser.add_argument("--floorfs", default=workspace_file("bench/e2e/floorfs"))
    parser.add_argument("--reader", default=workspace_file("bench/e2e/reader"))
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

    groups = pv = floor = None
    invalid = 0
    with pvtest.sigterm_raises():
        try:
            groups = Groups()
            procs_files = groups.make("reader", CONTROLLERS)
            do_some_io(procs_files)
            pv = pvtest.Daemon(args.procviewfs, args.library).start()
            sources = [(n, "/" + p) for n, p, _ in FILES if os.path.exists("/" + p)]
            floor = Floor(args.floorfs, sources)
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
        finally:
            if pv is not None:
                pv.stop()
            if floor is not None:
                floor.stop()
            if groups is not None:
                groups.remove()
    if invalid:
        print("INVALID: %d reads failed or returned unexpected content" % invalid)
        return 1
    print("all reads valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
