"""procviewfs_daemon_test.py: the FUSE daemon against a real kernel mount.

Uses libprocview built over a fake facade (self-checking content, no
cgroups), so these tests pin the daemon: layout, errno, offset slicing,
concurrency, killed readers, the debug log and live reload under load
(start, signals and refusals: procviewfs_lifecycle_test.py).
Needs root and /dev/fuse (tags local, exclusive).
"""

import errno
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pvtest  # noqa: E402
from daemon_case import (LIB_A, LIB_B, LIB_NO_ENTRY, LIB_WRONG_ABI,  # noqa: E402
                         LIBRARY_FILES, VERSION_A, VERSION_B, DaemonTestCase,
                         finish_hammers, install, read_as_child, start_hammers)
from hammer_reader import check_fake  # noqa: E402



class DaemonTest(DaemonTestCase):

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
