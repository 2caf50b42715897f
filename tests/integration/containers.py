"""containers.py: test fixtures that run containers against a procviewfs
daemon: a TestCase base with one daemon per class and cleanup of what each
test made, and a daemon with a container of readers hammering every file.
"""

import contextlib
import os
import shutil
import signal
import sys
import unittest

import pvtest


class ContainerTestCase(unittest.TestCase):
    """Base of tests that run containers against one daemon per class.

    Subclasses set BINARY, LIBRARY and DAEMON_KWARGS (more Daemon arguments).
    What a test makes is undone after it, also when it fails: container
    processes (self.procs), sub-cgroup directories (self.subdirs, deepest
    last in the list) and cgroups (self.cgroups; removing one kills what is
    left inside, which also closes the containers' pipes). A failed test
    prints the daemon's log tail."""

    BINARY = None
    LIBRARY = None
    DAEMON_KWARGS = {}

    @classmethod
    def setUpClass(cls):
        cls.daemon = pvtest.Daemon(cls.BINARY, cls.LIBRARY, **cls.DAEMON_KWARGS).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def setUp(self):
        self.cgroups = []
        self.procs = []
        self.subdirs = []

    def tearDown(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
        for path in reversed(self.subdirs):
            with contextlib.suppress(FileNotFoundError):
                os.rmdir(path)
        for cgroup in self.cgroups:
            cgroup.remove()
        for proc in self.procs:
            with self.subTest("container exit"):
                proc.communicate(timeout=10)
        if self._outcome.result.errors or self._outcome.result.failures:
            sys.stderr.write("--- procviewfs log tail ---\n%s\n" % self.daemon.log()[-4000:])

    def memory_limited_cgroup(self, limit):
        """A new cgroup (removed after the test) with memory limit `limit`."""
        cgroup = pvtest.CgroupV1()
        self.cgroups.append(cgroup)
        cgroup.write("memory", "memory.limit_in_bytes", limit)
        return cgroup


HAMMER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hammer_reader.py")


def hammer_script(readers, limit):
    """Shell text, run inside a container, that starts `readers` processes of
    hammer_reader.py, each reading and checking every served file through the
    container's /proc and /sys until `limit` ("--iterations N" or
    "--seconds S"), and waits for them (one "ok ..." line each)."""
    files = " ".join(["/proc/" + f for f in pvtest.PROC_FILES] +
                     ["/sys/devices/system/cpu/" + f for f in pvtest.CPU_FILES])
    return ("for i in $(seq %d); do python3 %s --check real --mount / %s --seed $i %s & done; "
            "wait" % (readers, HAMMER, limit, files))


@contextlib.contextmanager
def hammered_daemon(binary, library, limit, readers):
    """A daemon serving a private copy of `library` (replace the copy, then
    SIGUSR1, to reload it) and a container in a new cgroup with memory limit
    `limit` where `readers` hammer_reader.py processes read every file until
    stop_hammer(). Yields (daemon, library copy, cgroup, hammer process);
    undoes all of it on exit."""
    path = os.path.join(pvtest.scratch_dir("lib."), "libprocview.so")
    shutil.copyfile(library, path)
    daemon = pvtest.Daemon(binary, path).start()
    cgroup = pvtest.CgroupV1()
    hammer = None
    try:
        cgroup.write("memory", "memory.limit_in_bytes", limit)
        hammer = pvtest.run_in_container(cgroup, daemon.mountpoint,
                                  hammer_script(readers, "--seconds 600"), background=True)
        yield daemon, path, cgroup, hammer
    finally:
        if hammer is not None and hammer.poll() is None:
            hammer.kill()
            hammer.communicate(timeout=10)
        cgroup.remove()
        daemon.stop()


def stop_hammer(test, cgroup, hammer, readers):
    """SIGTERMs the readers of hammered_daemon(); each finishes its read and
    reports. Fails `test` unless all `readers` saw only whole, right files."""
    for pid in cgroup.pids():
        with contextlib.suppress(OSError):
            if pvtest.read_text("/proc/%d/comm" % pid).strip().startswith("python"):
                os.kill(pid, signal.SIGTERM)
    out, err = hammer.communicate(timeout=60)
    lines = out.split("\n")[:-1]
    test.assertEqual(len(lines), readers, out + err)
    test.assertTrue(all(line.startswith("ok ") for line in lines), out)
