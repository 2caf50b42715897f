"""daemon_case.py: what the procviewfs daemon tests share: the fake
libraries, the installed-library helper, hammering readers, and a TestCase
that stops every daemon and child it started."""

import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import containers  # noqa: E402
import pvtest  # noqa: E402

BINARY = pvtest.runfile("frontends/fuse/procviewfs")
ABI_DIR = "lib/procview/abi/"
LIB_A = pvtest.runfile(ABI_DIR + "libprocview_fake_a.so")
LIB_B = pvtest.runfile(ABI_DIR + "libprocview_fake_b.so")
LIB_WRONG_ABI = pvtest.runfile(ABI_DIR + "libprocview_wrong_abi.so")
LIB_NO_ENTRY = pvtest.runfile(ABI_DIR + "libprocview_no_entry.so")
HAMMER = containers.HAMMER

VERSION_A = "libprocview 0.1.0 abi 1"
VERSION_B = "libprocview 0.1.0 abi 1 (variant_b)"

LIBRARY_FILES = ["proc/" + f for f in pvtest.PROC_FILES] + \
    ["sys/devices/system/cpu/" + f for f in pvtest.CPU_FILES]
if os.path.exists("/proc/pressure"):
    LIBRARY_FILES += ["proc/" + f for f in pvtest.PRESSURE_FILES]


def install(library, path):
    """Puts `library` at `path` the way an upgrade does: rename(2) over it."""
    staging = path + ".new"
    shutil.copyfile(library, staging)
    os.rename(staging, path)


def read_as_child(argv):
    """Runs a reader command; returns (its pid, its stdout text)."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    out, err = proc.communicate(timeout=30)
    if proc.returncode != 0:
        raise AssertionError("%s failed: %s" % (argv, err.decode()))
    return proc.pid, out.decode()


def start_hammers(daemon, count, seconds=None, iterations=None, check="fake"):
    args = [sys.executable, HAMMER, "--check", check, "--mount", daemon.mountpoint]
    args += ["--seconds", str(seconds)] if seconds else ["--iterations", str(iterations)]
    files = [daemon.path(f) for f in LIBRARY_FILES]
    return [subprocess.Popen(args + ["--seed", str(i + 1)] + files[i % len(files):] +
                             files[:i % len(files)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True)
            for i in range(count)]


def finish_hammers(test, hammers, timeout):
    deadline = time.monotonic() + timeout
    results = []
    for hammer in hammers:
        try:
            out, _ = hammer.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            hammer.kill()
            out, _ = hammer.communicate()
            out = "TIMEOUT " + (out or "")
        results.append((hammer.returncode, out.strip()))
    failures = [r for r in results if r[0] != 0 or not r[1].startswith("ok ")]
    test.assertEqual(failures, [], "hammer failures")
    return sum(int(out.split()[1]) for _, out in results)


class DaemonTestCase(unittest.TestCase):

    def setUp(self):
        self.daemons = []
        self.children = []

    def tearDown(self):
        for child in self.children:
            if child.poll() is None:
                child.kill()
                child.wait(5)
            if child.stdout:
                child.stdout.close()
        for daemon in self.daemons:
            daemon.stop()

    def start(self, library=LIB_A, **kwargs):
        daemon = pvtest.Daemon(BINARY, library, **kwargs)
        self.daemons.append(daemon)
        return daemon.start()

    def start_with_installed_library(self, **kwargs):
        """A daemon whose --library is a path this test may replace."""
        staging = pvtest.scratch_dir("lib.")
        path = os.path.join(staging, "libprocview.so")
        install(LIB_A, path)
        return self.start(library=path, **kwargs), path
