"""procviewfs_lifecycle_test.py: the FUSE daemon's start and end against a
real kernel mount, with the fake library: SIGTERM/SIGINT and external
unmounts, pid files, background mode, flags, FUSE options and refusal of
broken libraries. Needs root and /dev/fuse (tags local, exclusive).
"""

import contextlib
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pvtest  # noqa: E402
from daemon_case import (BINARY, LIB_A, LIB_B, LIB_NO_ENTRY, LIB_WRONG_ABI,  # noqa: E402
                         VERSION_A, VERSION_B, DaemonTestCase)
from hammer_reader import check_fake  # noqa: E402


class LifecycleTest(DaemonTestCase):

    def test_sigterm_unmounts_and_removes_pidfile_even_with_open_files(self):
        d = self.start()
        pidfile = os.path.join(d.runtime_dir, "procview.pid")
        self.assertEqual(pvtest.read_text(pidfile).strip(), str(d.pid))
        fd = os.open(d.path("proc/stat"), os.O_RDONLY)
        os.read(fd, 10)
        try:
            self.assertEqual(d.stop(), 0, d.log())
        finally:
            with self.assertRaises(OSError):
                os.read(fd, 10)  # the connection is gone, not hung
            with contextlib.suppress(OSError):  # close reports ENOTCONN too
                os.close(fd)
        self.assertIsNone(pvtest.mount_fstype(d.mountpoint))
        self.assertFalse(os.path.exists(pidfile))
        self.assertIn("unmounted", d.log())

    def test_sigint_unmounts(self):
        d = self.start()
        d.signal(signal.SIGINT)
        self.assertEqual(d.proc.wait(10), 0)
        pvtest.wait_for(lambda: not d.mounted(), 5, "unmount")

    def test_external_unmount_ends_the_daemon(self):
        d = self.start()
        subprocess.run(["fusermount3", "-u", d.mountpoint], check=True)
        self.assertEqual(d.proc.wait(10), 0)
        self.assertFalse(os.path.exists(os.path.join(d.runtime_dir, "procview.pid")))

    def test_two_daemons_side_by_side_and_pidfile_is_exclusive(self):
        first = self.start()
        second = self.start(library=LIB_B)
        self.assertEqual(first.version()["library"], VERSION_A)
        self.assertEqual(second.version()["library"], VERSION_B)
        with open(second.path("proc/uptime")) as f:
            self.assertIsNone(check_fake("proc/uptime", f.read(), os.getpid()))
        # A third daemon that would share the first one's pid file refuses.
        third = pvtest.Daemon(BINARY, LIB_A, extra_args=["-p", os.path.join(
            first.runtime_dir, "procview.pid")])
        self.daemons.append(third)
        third.start(expect_mount=False)
        self.assertEqual(third.proc.wait(10), 1)
        self.assertIn("held by another procviewfs", third.log())
        self.assertFalse(third.mounted())
        self.assertTrue(first.mounted())

    def test_background_mode_returns_once_mounted(self):
        d = pvtest.Daemon(BINARY, LIB_A)
        self.daemons.append(d)
        args = [a for a in d.args if a != "-f"]
        done = subprocess.run(args, capture_output=True, text=True, timeout=20)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(d.mounted(), "mounted by the time the command returns")
        pid = int(pvtest.read_text(os.path.join(d.runtime_dir, "procview.pid")))
        with open(d.path("proc/loadavg")) as f:
            self.assertIsNone(check_fake("proc/loadavg", f.read(), os.getpid()))
        os.kill(pid, signal.SIGTERM)
        pvtest.wait_for(lambda: not d.mounted(), 10, "unmount")
        pvtest.wait_for(lambda: not os.path.exists("/proc/%d" % pid), 10, "daemon exit")

    def test_help_version_and_bad_flags(self):
        done = subprocess.run([BINARY, "--help"], capture_output=True, text=True, timeout=10)
        self.assertEqual(done.returncode, 0)
        self.assertIn("--enable-cfs", done.stdout)
        done = subprocess.run([BINARY, "-v"], capture_output=True, text=True, timeout=10)
        self.assertEqual((done.returncode, done.stdout), (0, "procviewfs 0.1.0 (library ABI 1)\n"))
        for args in ([], ["--bogus", "/mnt"], ["-p"], ["a", "b"]):
            done = subprocess.run([BINARY] + args, capture_output=True, text=True, timeout=10)
            self.assertEqual(done.returncode, 1, args)
            self.assertIn("Try 'procviewfs --help'", done.stderr)
        d = pvtest.Daemon(BINARY, LIB_A, extra_args=["-o", "no_such_fuse_option"])
        self.daemons.append(d)
        d.start(expect_mount=False)
        self.assertEqual(d.proc.wait(10), 1)
        self.assertFalse(d.mounted())

    def test_fuse_options_pass_through(self):
        d = self.start(extra_args=["-o", "ro"])
        with open("/proc/self/mountinfo") as f:
            line = [l for l in f if " %s " % d.mountpoint in l][0]
        self.assertRegex(line, r" ro[, ]")
        self.assertRegex(line, r"allow_other")

    def test_refuses_to_start_with_a_broken_library(self):
        for library, why in ((LIB_WRONG_ABI, "ABI version 999"),
                             (LIB_NO_ENTRY, "no symbol procview_abi_get"),
                             ("/nonexistent/libprocview.so", "No such file")):
            d = pvtest.Daemon(BINARY, library)
            self.daemons.append(d)
            d.start(expect_mount=False)
            self.assertEqual(d.proc.wait(10), 1, library)
            self.assertIn(why, d.log())
            self.assertFalse(d.mounted())



if __name__ == "__main__":
    sys.exit(pvtest.run_tests())
