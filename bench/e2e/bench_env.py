"""bench_env.py: what the end-to-end benchmarks share: the served files,
the benchmark's own cgroup v1 groups, the floor filesystem, and running the
reader (bench/e2e/reader.cc) and parsing its result line."""

import contextlib
import os
import re
import signal
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


def expect_native(name):
    return dict((n, e) for n, _, e in FILES)[name]


def add_binary_args(parser):
    """--procviewfs, --library, --floorfs and --reader, defaulting to the built ones."""
    parser.add_argument("--procviewfs", default=workspace_file("frontends/fuse/procviewfs"))
    parser.add_argument("--library", default=workspace_file("lib/procview/abi/libprocview.so"))
    parser.add_argument("--floorfs", default=workspace_file("bench/e2e/floorfs"))
    parser.add_argument("--reader", default=workspace_file("bench/e2e/reader"))


@contextlib.contextmanager
def mounted(args):
    """The benchmark's groups, its reader's group (some I/O done from inside),
    procviewfs and floorfs mounted: yields (groups, the reader group's
    cgroup.procs files, procviewfs, floorfs). All are removed afterwards, also
    on SIGTERM."""
    groups = pv = floor = None
    with pvtest.sigterm_raises():
        try:
            groups = Groups()
            join = groups.make("reader", CONTROLLERS)
            do_some_io(join)
            pv = pvtest.Daemon(args.procviewfs, args.library).start()
            floor = Floor(args.floorfs, [(n, "/" + p) for n, p, _ in FILES
                                         if os.path.exists("/" + p)])
            yield groups, join, pv, floor
        finally:
            for daemon in (pv, floor):
                if daemon is not None:
                    daemon.stop()
            if groups is not None:
                groups.remove()
