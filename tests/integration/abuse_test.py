"""abuse_test.py: what one container can do to procviewfs, and what the
daemon does under a signal storm. With the real libprocview in cgroup v1
containers:
- a container making thousands of sub-cgroups with odd names (spaces,
  tabs and control characters, colons, 200-byte names; the kernel itself
  refuses newlines) under its own memory and cpu groups:
  its reads keep their values and take about as long as before;
- a container hammering the files from 32 threads: another container's reads
  stay correct and prompt;
- SIGUSR1 sent hundreds of times in a burst while containers read: the
  daemon keeps serving whole files, ends on one library copy, leaks no fds.
Everything made is removed again. Needs root, /dev/fuse and cgroup v1.
"""

import os
import shlex
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import containers  # noqa: E402
import pvtest  # noqa: E402

BINARY = pvtest.runfile("frontends/fuse/procviewfs")
LIBRARY = pvtest.runfile("lib/procview/abi/libprocview.so")
MIB = 1 << 20
LIMIT = 256 * MIB
SUBGROUPS = 1500  # per hierarchy

# Times `rounds` reads of each file inside the container; prints
# "<file> <mean ms> <max ms> <first line>" per file.
TIMER = r"""
import sys, time
rounds = int(sys.argv[1])
for path in sys.argv[2:]:
    took = []
    for _ in range(rounds):
        t = time.perf_counter()
        with open(path) as f:
            text = f.read()
        took.append(time.perf_counter() - t)
    print(path, 1000 * sum(took) / len(took), 1000 * max(took), text.splitlines()[0])
"""

# Reads the files from 32 threads until killed.
HAMMER_THREADS = r"""
import sys, threading
def loop():
    while True:
        for path in sys.argv[1:]:
            with open(path) as f:
                f.read()
for _ in range(32):
    threading.Thread(target=loop, daemon=True).start()
threading.Event().wait()
"""

TIMED_FILES = ["/proc/meminfo", "/proc/stat", "/proc/loadavg", "/proc/cpuinfo",
               "/sys/devices/system/cpu/online"]


def odd_name(i):
    """Names a container may give its sub-cgroups."""
    kind = i % 4
    if kind == 0:
        return "sub group %d" % i
    if kind == 1:
        # The kernel refuses "\n" in cgroup names (EINVAL); tabs and other
        # control characters pass.
        return "tab\tand\x01ctl %d" % i
    if kind == 2:
        return "c:o:l:o:n %d" % i
    return ("%d-" % i) + "x" * 200


class AbuseTest(containers.ContainerTestCase):

    BINARY = BINARY
    LIBRARY = LIBRARY
    # -l: the loadavg sampler also walks every container's cgroups.
    DAEMON_KWARGS = {"extra_args": ["-l"]}

    def limited_cgroup(self):
        return self.memory_limited_cgroup(LIMIT)

    def timed_reads(self, cgroup, rounds):
        script = "python3 -c %s %d %s" % (shlex.quote(TIMER), rounds,
                                           " ".join(TIMED_FILES))
        done = pvtest.run_in_container(cgroup, self.daemon.mountpoint, script, timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        out = {}
        for line in done.stdout.splitlines():
            path, mean, worst, first = line.split(" ", 3)
            out[path] = (float(mean), float(worst), first)
        self.assertEqual(sorted(out), sorted(TIMED_FILES), done.stdout)
        return out

    def check_limited_view(self, reads):
        self.assertRegex(reads["/proc/meminfo"][2], r"^MemTotal:\s+%d kB$" % (LIMIT // 1024))
        self.assertRegex(reads["/proc/stat"][2], r"^cpu  \d+")
        self.assertRegex(reads["/proc/loadavg"][2], r"^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+$")

    def test_thousands_of_odd_sub_cgroups_keep_reads_right_and_bounded(self):
        cgroup = self.limited_cgroup()
        before = self.timed_reads(cgroup, 100)
        self.check_limited_view(before)
        for controller in ("memory", "cpu"):
            for i in range(SUBGROUPS):
                path = os.path.join(cgroup.paths[controller], odd_name(i))
                os.mkdir(path)
                self.subdirs.append(path)
            # Deep as well as wide: a chain of 50 nested odd names.
            path = cgroup.paths[controller]
            for i in range(50):
                path = os.path.join(path, "deep " + odd_name(i)[:40])
                os.mkdir(path)
                self.subdirs.append(path)
        after = self.timed_reads(cgroup, 100)
        self.check_limited_view(after)
        sys.stderr.write("".join("\n  %s: %.2f ms per read before, %.2f ms after" %
                                 (p, before[p][0], after[p][0]) for p in TIMED_FILES) + "\n")
        for path in TIMED_FILES:
            mean_before, _, _ = before[path]
            mean_after, worst_after, _ = after[path]
            # Work per read must not grow with the number of sub-cgroups.
            # Unbounded work costs ~60x here (1500 dirs); the wide margin
            # keeps a loaded machine's noise from failing the test.
            self.assertLess(mean_after, max(10 * mean_before, mean_before + 20.0),
                            "%s: %.2f ms per read before, %.2f ms after" %
                            (path, mean_before, mean_after))
            self.assertLess(worst_after, 1000, path)

    def test_thirty_two_hammering_threads_do_not_starve_another_container(self):
        noisy = self.limited_cgroup()
        quiet = self.limited_cgroup()
        baseline = self.timed_reads(quiet, 50)
        script = "python3 -c %s %s" % (shlex.quote(HAMMER_THREADS), " ".join(TIMED_FILES))
        self.procs.append(pvtest.run_in_container(noisy, self.daemon.mountpoint, script,
                                                  background=True))
        time.sleep(1)
        self.assertIsNone(self.procs[-1].poll(), "hammer died")
        during = self.timed_reads(quiet, 50)
        self.check_limited_view(during)
        for path in TIMED_FILES:
            # Two CPUs shared with 32 busy threads: slower, never stalled.
            self.assertLess(during[path][1], 2000, "%s: worst read %.1f ms (baseline %.2f)" %
                            (path, during[path][1], baseline[path][1]))


class SignalStormTest(unittest.TestCase):

    def test_sigusr1_storm_while_containers_read(self):
        with containers.hammered_daemon(BINARY, LIBRARY, LIMIT, 4) as (daemon, _, cgroup, hammer):
            time.sleep(1)
            baseline_fds = pvtest.fd_count(daemon.pid)
            for burst in range(5):
                for _ in range(100):
                    daemon.signal(signal.SIGUSR1)
                time.sleep(0.2)
            # Signals coalesce; the daemon ends up reloaded at least once
            # and settles on one library copy.
            pvtest.wait_for(lambda: int(daemon.version()["generation"]) > 1, 20, "a reload")
            pvtest.wait_for(lambda: pvtest.mapped_library_copies(daemon.pid) == 1, 20,
                            "old generations unmapped")
            self.assertTrue(daemon.mounted())
            self.assertIsNone(daemon.proc.poll())
            containers.stop_hammer(self, cgroup, hammer, 4)
            self.assertLessEqual(pvtest.fd_count(daemon.pid), baseline_fds + 2)

if __name__ == "__main__":
    sys.exit(pvtest.run_tests())
