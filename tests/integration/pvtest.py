"""pvtest.py: helpers for procviewfs integration tests (run as root).

Starts and stops procviewfs mounts, makes throw-away cgroup v1 groups and
"containers" (unshare --mount --pid --fork --mount-proc with the procview
files bind-mounted over /proc), and undoes all of it, also when a test
fails or the run is interrupted. Only the Python standard library is used.
"""

import contextlib
import os
import re
import shlex
import signal
import subprocess
import tempfile
import time
import unittest

# Files a container gets bind-mounted from the mount, LXCFS style.
PROC_FILES = ["meminfo", "cpuinfo", "stat", "uptime", "diskstats", "swaps",
              "slabinfo", "loadavg"]
PRESSURE_FILES = ["pressure/cpu", "pressure/io", "pressure/memory"]
CPU_FILES = ["online", "present", "possible"]

DEFAULT_TIMEOUT = 30

# Set by the sanitized integration pass (tests/suites/sanitizers.sh) when the
# daemon is built with ASAN+UBSAN or TSAN: their shadow memory and quarantine
# make RSS meaningless, so RSS growth checks are skipped (fd checks stay),
# and every daemon's log is searched for sanitizer reports when it stops.
SANITIZER = os.environ.get("PROCVIEW_SANITIZER", "")
SANITIZER_REPORTS = re.compile(
    r"ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error:")


def runfile(relpath):
    """Absolute path of a data dependency (Bazel runfiles) or a repo file."""
    base = os.environ.get("TEST_SRCDIR")
    if base:
        path = os.path.join(base, "procview", relpath)
        if os.path.exists(path):
            return path
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "bazel-bin", relpath)


def scratch_dir(prefix):
    """A fresh directory under the test's temp dir."""
    root = os.environ.get("TEST_TMPDIR") or tempfile.gettempdir()
    return tempfile.mkdtemp(prefix=prefix, dir=root)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode()


def mount_fstype(path):
    """The fstype mounted exactly at `path` (last mount wins), or None."""
    path = os.path.realpath(path)
    found = None
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            sep = fields.index("-")
            mnt = fields[4].encode().decode("unicode_escape")
            if mnt == path:
                found = fields[sep + 1]
    return found


def wait_for(predicate, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))


def proc_status(pid, key):
    """A numeric field of /proc/PID/status, e.g. VmRSS (kB)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def assert_rss_growth_below(test, pid, baseline_kb, limit_kb):
    """Fails `test` if process `pid`'s RSS grew more than `limit_kb` above
    `baseline_kb` (not checked in a sanitized run)."""
    if SANITIZER:
        return
    growth = proc_status(pid, "VmRSS") - baseline_kb
    test.assertLess(growth, limit_kb, "RSS grew by %d kB" % growth)


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def mapped_library_copies(pid):
    """Distinct private library copies mapped by the daemon."""
    copies = set()
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            at = line.find("/.procviewfs-")
            if at >= 0:
                copies.add(line[at:].strip())
    return len(copies)


class Daemon:
    """One procviewfs process serving `mountpoint` in the foreground."""

    def __init__(self, binary, library, mountpoint=None, extra_args=(), debug=False):
        self.binary = binary
        self.library = library
        self.dir = scratch_dir("pvfs.")
        self.mountpoint = mountpoint or os.path.join(self.dir, "mnt")
        self.runtime_dir = os.path.join(self.dir, "run")
        os.makedirs(self.mountpoint, exist_ok=True)
        os.makedirs(self.runtime_dir, exist_ok=True)
        self.log_path = os.path.join(self.dir, "procviewfs.log")
        self.args = [binary, "-f", "--runtime-dir", self.runtime_dir,
                     "--library", library] + list(extra_args)
        if debug:
            self.args.append("-d")
        self.args.append(self.mountpoint)
        self.proc = None

    def start(self, expect_mount=True):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.args, stdout=log, stderr=log,
                                     stdin=subprocess.DEVNULL)
        log.close()
        if expect_mount:
            try:
                wait_for(lambda: self.mounted() or self.proc.poll() is not None, 10,
                         "mount of " + self.mountpoint)
            except AssertionError:
                self.stop()
                raise
            if not self.mounted():
                raise AssertionError("procviewfs exited with %s:\n%s"
                                     % (self.proc.returncode, self.log()))
        return self

    @property
    def pid(self):
        return self.proc.pid

    def mounted(self):
        return mount_fstype(self.mountpoint) == "fuse.procview"

    def path(self, relpath):
        return os.path.join(self.mountpoint, relpath)

    def log(self):
        try:
            return read_text(self.log_path)
        except OSError:
            return ""

    def signal(self, signo):
        self.proc.send_signal(signo)

    def version(self):
        """The daemon's version file as a dict (library, generation, ...)."""
        out = {}
        for line in read_text(self.path(".procview/version")).splitlines():
            key, _, value = line.partition(" ")
            out[key] = value
        return out

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL; always leaves the mount point unmounted.
        Returns the exit code (None if it had to be killed)."""
        code = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        elif self.proc is not None:
            code = self.proc.returncode
        if self.mounted():
            subprocess.call(["fusermount3", "-u", "-z", self.mountpoint],
                            stderr=subprocess.DEVNULL)
        if self.mounted():
            subprocess.call(["umount", "-l", self.mountpoint], stderr=subprocess.DEVNULL)
        report = SANITIZER_REPORTS.search(self.log())
        if report:
            raise AssertionError("sanitizer report in the daemon's log:\n" +
                                 self.log()[max(0, report.start() - 200):][:6000])
        return code


def own_cgroup(controller):
    """This process's cgroup path in a v1 hierarchy ("/" if none listed)."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if controller in controllers.split(","):
                return path
    return "/"


class CgroupV1:
    """A throw-away group in several v1 hierarchies, made under this
    process's own group in each. Only ever touches what it created."""

    _counter = 0

    def __init__(self, controllers=("memory", "cpuset", "cpu", "cpuacct")):
        CgroupV1._counter += 1
        name = "procview-test-%d-%d" % (os.getpid(), CgroupV1._counter)
        self.paths = {}
        try:
            for controller in controllers:
                parent = os.path.join("/sys/fs/cgroup", controller,
                                      own_cgroup(controller).lstrip("/"))
                path = os.path.join(parent, name)
                os.mkdir(path)
                self.paths[controller] = path
                if controller == "cpuset":
                    # A new cpuset starts empty: inherit the parent's.
                    for key in ("cpuset.cpus", "cpuset.mems"):
                        self.write("cpuset", key, read_text(os.path.join(parent, key)).strip())
        except Exception:
            self.remove()
            raise

    def write(self, controller, key, value):
        with open(os.path.join(self.paths[controller], key), "w") as f:
            f.write(str(value))

    def read(self, controller, key):
        return read_text(os.path.join(self.paths[controller], key))

    def procs_files(self):
        return [os.path.join(p, "cgroup.procs") for p in self.paths.values()]

    def pids(self):
        pids = set()
        for procs in self.procs_files():
            with contextlib.suppress(OSError):
                pids.update(int(x) for x in read_text(procs).split())
        return pids

    def remove(self):
        """Kills whatever is left inside and removes the groups."""
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            for pid in self.pids():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
        for path in self.paths.values():
            for _ in range(100):
                try:
                    os.rmdir(path)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)
        self.paths = {k: v for k, v in self.paths.items() if os.path.isdir(v)}


def container_script(mount, command):
    """Shell text that, inside fresh mount and pid namespaces, bind-mounts
    the procview files over /proc and /sys and then runs `command`."""
    lines = ["set -e"]
    for name in PROC_FILES + PRESSURE_FILES:
        src = os.path.join(mount, "proc", name)
        if os.path.exists(src) and os.path.exists("/proc/" + name):
            lines.append("mount --bind %s /proc/%s" % (shlex.quote(src), name))
    for name in CPU_FILES:
        src = os.path.join(mount, "sys/devices/system/cpu", name)
        if os.path.exists(src):
            lines.append("mount --bind %s /sys/devices/system/cpu/%s" % (shlex.quote(src), name))
    lines.append("set +e")
    lines.append(command)
    return "\n".join(lines)


def run_in_container(cgroup, mount, command, timeout=DEFAULT_TIMEOUT, background=False):
    """Runs `command` (shell text) as a container: its shell joins `cgroup`
    first, then unshares mount+pid namespaces with a private /proc. Returns
    CompletedProcess, or the Popen when `background`."""
    join = "".join("echo $$ > %s\n" % shlex.quote(p) for p in cgroup.procs_files())
    inner = container_script(mount, command)
    # --kill-child: the container dies with unshare, so killing the Popen
    # is enough to end it.
    outer = join + ("exec unshare --mount --pid --fork --mount-proc --kill-child sh -c %s"
                    % shlex.quote(inner))
    args = ["sh", "-c", outer]
    if background:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, text=True)
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def meminfo_kb(text, key):
    match = re.search(r"^%s:\s+(\d+) kB$" % re.escape(key), text, re.M)
    if not match:
        raise AssertionError("no %s in meminfo:\n%s" % (key, text))
    return int(match.group(1))


@contextlib.contextmanager
def sigterm_raises():
    """Turns SIGTERM (Bazel's timeout) into an exception so finally blocks
    clean up mounts and cgroups."""
    def handler(signo, frame):
        raise KeyboardInterrupt("SIGTERM")
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_tests(needs_cgroup_v1=False):
    """The main() of an integration test module: runs its unittest cases with
    SIGTERM turned into cleanup, and returns the exit code. Skips (exit 0,
    saying why) where the test can't run: not root, no /dev/fuse, or no
    cgroup v1 memory controller when `needs_cgroup_v1`."""
    if os.geteuid() != 0 or not os.path.exists("/dev/fuse"):
        print("SKIP: needs root and /dev/fuse")
        return 0
    if needs_cgroup_v1 and not os.path.exists("/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        print("SKIP: needs cgroup v1")
        return 0
    with sigterm_raises():
        result = unittest.main(module="__main__", exit=False, verbosity=2).result
    return 0 if result.wasSuccessful() else 1
