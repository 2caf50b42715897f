"""procviewfs_daemon_test.py: the FUSE daemon against a real kernel mount.

Uses libprocview built over a fake facade (self-checking content, no
cgroups), so these tests pin the daemon: layout, errno, offset slicing,
concurrency, killed readers, SIGTERM, pid files, live reload under load and
refusal of broken libraries. Needs root and /dev/fuse (tags local, exclusive).
"""

import contextlib
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import containers  # noqa: E402
import pvtest  # noqa: E402
from hammer_reader import check_fake  # noqa: E402

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


class DaemonTest(unittest.TestCase):

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

    # ---- layout ----

    def test_layout_is_lxcfs_like_plus_version_file(self):
        d = self.start()
        self.assertEqual(sorted(os.listdir(d.mountpoint)), [".procview", "proc", "sys"])
        want_proc = sorted(pvtest.PROC_FILES + (["pressure"] if os.path.exists("/proc/pressure")
                                                else []))
        self.assertEqual(sorted(os.listdir(d.path("proc"))), want_proc)
        # Ours, the host's non-cpuN entries, and cpuK for the fake's CPUs
        # (host CPUs 2 and 3) that exist on this host.
        host = os.listdir("/sys/devices/system/cpu")
        want_cpu = set(pvtest.CPU_FILES) | {n for n in host if not re.match(r"cpu\d+$", n)}
        want_cpu |= {"cpu%d" % k for k, c in enumerate((2, 3)) if "cpu%d" % c in host}
        self.assertEqual(sorted(os.listdir(d.path("sys/devices/system/cpu"))), sorted(want_cpu))
        if os.path.exists("/proc/pressure"):
            self.assertEqual(sorted(os.listdir(d.path("proc/pressure"))), ["cpu", "io", "memory"])
        listing = subprocess.run(["ls", "-a1", d.path("proc")], capture_output=True, text=True,
                                 check=True).stdout.split()
        self.assertEqual(listing.count("."), 1)
        self.assertEqual(listing.count(".."), 1)
        self.assertEqual(len(listing), len(set(listing)))
        st = os.stat(d.path("proc/meminfo"))
        self.assertEqual(oct(st.st_mode), oct(0o100444))
        # A page-rounded bound of the host's own file (for sendfile).
        self.assertEqual(st.st_size % 4096, 0)
        self.assertGreater(st.st_size, len(pvtest.read_text("/proc/meminfo")))
        self.assertEqual(oct(os.stat(d.path("proc")).st_mode), oct(0o40555))
        self.assertEqual(d.version()["library"], VERSION_A)
        self.assertEqual(d.version()["generation"], "1")

    def test_unknown_names_are_enoent(self):
        d = self.start()
        for name in ["proc/nope", "nope", "sys/devices/system/cpu/cpu0/online",
                     "proc/meminfo/x"]:
            with self.assertRaises(OSError) as raised:
                os.stat(d.path(name))
            self.assertIn(raised.exception.errno, (errno.ENOENT, errno.ENOTDIR), name)
        with self.assertRaises(FileNotFoundError):
            open(d.path("proc/nope"))

    def test_writes_are_refused_with_eacces(self):
        d = self.start()
        for flags in (os.O_WRONLY, os.O_RDWR, os.O_RDONLY | os.O_TRUNC, os.O_WRONLY | os.O_APPEND):
            with self.assertRaises(PermissionError, msg=flags):
                os.close(os.open(d.path("proc/meminfo"), flags))
        for action in (lambda: open(d.path("proc/new"), "w"),
                       lambda: os.mkdir(d.path("proc/dir")),
                       lambda: os.unlink(d.path("proc/meminfo")),
                       lambda: os.rename(d.path("proc/stat"), d.path("proc/stat2")),
                       lambda: os.truncate(d.path("proc/meminfo"), 0),
                       lambda: os.chmod(d.path("proc/meminfo"), 0o666)):
            with self.assertRaises(PermissionError):
                action()
        self.assertFalse(os.access(d.path("proc/meminfo"), os.W_OK))
        self.assertTrue(os.access(d.path("proc/meminfo"), os.R_OK))

    # ---- reading ----

    def test_any_read_size_gives_the_same_bytes(self):
        d = self.start()
        for relpath in LIBRARY_FILES:
            path = d.path(relpath)
            with open(path, "rb", buffering=0) as f:
                whole = f.read().decode()
            self.assertIsNone(check_fake(relpath, whole, os.getpid()), relpath)
            for chunk in (1, 2, 7, 4096, 65536):
                fd = os.open(path, os.O_RDONLY)
                parts = []
                while True:
                    part = os.read(fd, chunk)
                    if not part:
                        break
                    parts.append(part)
                os.close(fd)
                self.assertEqual(b"".join(parts).decode(), whole, (relpath, chunk))
            fd = os.open(path, os.O_RDONLY)
            first = os.read(fd, 1 << 20)
            for offset in (1, 2, 100, len(first) - 1, len(first), len(first) + 10, 1 << 40):
                self.assertEqual(os.pread(fd, 50, offset), first[offset:offset + 50],
                                 (relpath, offset))
            os.close(fd)

    def test_common_tools_read_whole_files(self):
        d = self.start()
        cpuinfo = d.path("proc/cpuinfo")
        for argv in (["cat", cpuinfo], ["dd", "if=" + cpuinfo, "bs=1", "status=none"],
                     ["dd", "if=" + cpuinfo, "bs=3000", "status=none"],
                     [sys.executable, "-c",
                      "import sys; sys.stdout.write(open(sys.argv[1]).read())", cpuinfo]):
            pid, out = read_as_child(argv)
            self.assertIsNone(check_fake("proc/cpuinfo", out, pid), argv)
        pid, out = read_as_child(["tail", "-n", "1", cpuinfo])
        self.assertRegex(out, r"^end \d+\n$")
        pid, out = read_as_child(["head", "-c", "12", cpuinfo])
        self.assertEqual(out, "proc/cpuinfo")
        pid, out = read_as_child(["wc", "-l", cpuinfo])
        self.assertEqual(out.split()[0], "401")

    def test_sendfile_and_busybox_cat_give_the_whole_file(self):
        # splice reads go through the page cache, bounded by st_size.
        d = self.start()
        for relpath in LIBRARY_FILES:
            with open(d.path(relpath), "rb") as src, \
                    open(os.path.join(d.dir, "copy"), "w+b") as dst:
                copied = 0
                while True:
                    n = os.sendfile(dst.fileno(), src.fileno(), None, 1 << 20)
                    if n == 0:
                        break
                    copied += n
                dst.seek(0)
                text = dst.read().decode()
            self.assertEqual(copied, len(text))
            self.assertIsNone(check_fake(relpath, text, os.getpid()), relpath)
            pid, out = read_as_child(["/bin/busybox", "cat", d.path(relpath)])
            self.assertIsNone(check_fake(relpath, out, pid), relpath)

    def test_sixteen_concurrent_readers(self):
        d = self.start()
        hammers = start_hammers(d, 16, iterations=300)
        self.children += hammers
        reads = finish_hammers(self, hammers, timeout=240)
        self.assertEqual(reads, 16 * 300)

    def test_killed_readers_leave_nothing_behind(self):
        d = self.start()
        for name in LIBRARY_FILES:  # warm up the worker threads
            with open(d.path(name)) as f:
                f.read()
        fds_before = pvtest.fd_count(d.pid)
        # Readers that hold files open mid-read, killed without closing.
        holder = ("import os, sys, time\n"
                  "fds = [os.open(p, os.O_RDONLY) for p in sys.argv[1:] for _ in range(20)]\n"
                  "[os.read(fd, 5) for fd in fds]\n"
                  "print('ready', flush=True)\n"
                  "time.sleep(60)\n")
        victims = [subprocess.Popen([sys.executable, "-c", holder] +
                                    [d.path(f) for f in LIBRARY_FILES],
                                    stdout=subprocess.PIPE, text=True) for _ in range(4)]
        self.children += victims
        for victim in victims:
            self.assertEqual(victim.stdout.readline().strip(), "ready")
        hammers = start_hammers(d, 4, seconds=3)
        self.children += hammers
        time.sleep(1)
        for victim in victims + hammers[:2]:
            victim.send_signal(signal.SIGKILL)
            victim.wait(10)
        finish_hammers(self, hammers[2:], timeout=30)
        with open(d.path("proc/meminfo")) as f:
            self.assertIsNone(check_fake("proc/meminfo", f.read(), os.getpid()))
        pvtest.wait_for(lambda: pvtest.fd_count(d.pid) <= fds_before, 5, "daemon fds to settle")

    # ---- lifecycle ----

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

    def test_debug_log_names_reader_container_file_and_time(self):
        d = self.start(debug=True)
        pid, _ = read_as_child(["cat", d.path("proc/meminfo")])
        pvtest.wait_for(lambda: "render proc/meminfo pid=%d " % pid in d.log(), 5, "log line")
        line = [l for l in d.log().splitlines() if "pid=%d " % pid in l][0]
        self.assertRegex(line, r"debug: render proc/meminfo pid=%d init=%d bytes=\d+ "
                         r"took=\d+\.\d+ms gen=1 cgroup=/fake/%d" % (pid, pid + 1000, pid))

    # ---- live reload ----

    def test_reload_under_load_back_and_forth(self):
        d, path = self.start_with_installed_library()
        kept = os.open(d.path("proc/cpuinfo"), os.O_RDONLY)
        kept_head = os.read(kept, 1000)
        hammers = start_hammers(d, 8, seconds=600)  # stopped below
        self.children += hammers
        baseline = None
        for i in range(50):
            library, version = (LIB_B, VERSION_B) if i % 2 == 0 else (LIB_A, VERSION_A)
            install(library, path)
            d.signal(signal.SIGUSR1)
            pvtest.wait_for(lambda: d.version()["generation"] == str(i + 2), 10,
                            "generation %d" % (i + 2))
            self.assertEqual(d.version()["library"], version)
            if i == 5:
                time.sleep(0.3)
                baseline = (pvtest.fd_count(d.pid), pvtest.proc_status(d.pid, "VmRSS"))
        # Broken libraries are refused; the current one keeps serving.
        for broken, why in ((LIB_WRONG_ABI, "ABI version 999"),
                            (LIB_NO_ENTRY, "no symbol procview_abi_get")):
            install(broken, path)
            d.signal(signal.SIGUSR1)
            pvtest.wait_for(lambda: why in d.log(), 10, "refusal of " + broken)
            self.assertEqual(d.version()["generation"], "51")
            self.assertEqual(d.version()["library"], VERSION_A)
        # Stop the readers (they finish their current read) and check them all.
        for hammer in hammers:
            hammer.send_signal(signal.SIGTERM)
        reads = finish_hammers(self, hammers, timeout=30)
        self.assertGreater(reads, 100)
        # The open file kept its buffer across 50 reloads.
        rest = os.pread(kept, 100000, len(kept_head))
        self.assertIsNone(check_fake("proc/cpuinfo", (kept_head + rest).decode(), os.getpid()))
        os.close(kept)
        install(LIB_B, path)
        d.signal(signal.SIGUSR1)
        pvtest.wait_for(lambda: d.version()["library"] == VERSION_B, 10, "recovery reload")
        pvtest.wait_for(lambda: pvtest.mapped_library_copies(d.pid) == 1, 5,
                        "old generations unmapped")
        self.assertLessEqual(pvtest.fd_count(d.pid), baseline[0], "fd count grew")
        pvtest.assert_rss_growth_below(self, d.pid, baseline[1], 8 * 1024)


if __name__ == "__main__":
    sys.exit(pvtest.run_tests())
