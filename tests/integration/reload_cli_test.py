"""`procview reload`: the live upgrade from the command line.

Starts procviewfs with a library path it may replace, upgrades it by
rename + `procview reload`, and checks the daemon's answer: a new library
generation, a refused broken library (exit 9, old library still serving), and
a stale pid file that names some other process (exit 3, nothing signalled).
"""
import os
import shutil
import subprocess
import sys
import unittest

import pvtest

ABI_DIR = "lib/procview/abi/"
LIB_A = pvtest.runfile(ABI_DIR + "libprocview_fake_a.so")
LIB_B = pvtest.runfile(ABI_DIR + "libprocview_fake_b.so")
LIB_WRONG_ABI = pvtest.runfile(ABI_DIR + "libprocview_wrong_abi.so")
PROCVIEWFS = pvtest.runfile("frontends/fuse/procviewfs")
PROCVIEW = pvtest.runfile("frontends/cli/procview")


def install(library, path):
    """Replaces `path` by rename(2), as an upgrade does."""
    shutil.copyfile(library, path + ".new")
    os.rename(path + ".new", path)


class ReloadCommandTest(unittest.TestCase):
    def setUp(self):
        self.staging = pvtest.scratch_dir("reload.")
        self.library = os.path.join(self.staging, "libprocview.so")
        install(LIB_A, self.library)
        self.daemon = pvtest.Daemon(PROCVIEWFS, self.library).start()
        self.pidfile = os.path.join(self.daemon.runtime_dir, "procview.pid")
        pvtest.wait_for(lambda: os.path.exists(self.pidfile), 5, "pid file")

    def tearDown(self):
        self.daemon.stop()
        shutil.rmtree(self.staging, ignore_errors=True)

    def reload(self, pidfile=None):
        return subprocess.run(
            [PROCVIEW, "reload", "-p", pidfile or self.pidfile,
             "--mount-root", self.daemon.mountpoint],
            capture_output=True, text=True, timeout=30)

    def test_reload_loads_the_replaced_library(self):
        self.assertEqual(self.daemon.version()["generation"], "1")
        install(LIB_B, self.library)
        done = self.reload()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("generation 1 -> 2", done.stdout)
        self.assertIn("variant_b", self.daemon.version()["library"])
        self.assertTrue(pvtest.read_text(self.daemon.path("proc/meminfo")))

    def test_broken_library_is_refused_and_old_one_keeps_serving(self):
        install(LIB_WRONG_ABI, self.library)
        done = self.reload()
        self.assertEqual(done.returncode, 9, done.stdout + done.stderr)
        self.assertIn("kept its library", done.stderr)
        self.assertEqual(self.daemon.version()["generation"], "1")
        self.assertTrue(pvtest.read_text(self.daemon.path("proc/meminfo")))

    def test_stale_pidfile_naming_another_process_signals_nothing(self):
        bystander = subprocess.Popen(["sleep", "60"])
        try:
            stale = os.path.join(self.staging, "stale.pid")
            with open(stale, "w") as f:
                f.write("%d\n" % bystander.pid)
            done = self.reload(stale)
            self.assertEqual(done.returncode, 3, done.stdout + done.stderr)
            self.assertIn("not a running procviewfs", done.stderr)
            self.assertIsNone(bystander.poll(), "the bystander was signalled")
        finally:
            bystander.kill()
            bystander.wait()

    def test_missing_pidfile_is_a_clear_error(self):
        done = self.reload(os.path.join(self.staging, "nope.pid"))
        self.assertEqual(done.returncode, 3)
        self.assertIn("nope.pid", done.stderr)


if __name__ == "__main__":
    sys.exit(pvtest.run_tests())
