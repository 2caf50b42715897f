"""container_test.py: procviewfs with the real libprocview inside containers.

Each test makes throw-away cgroup v1 groups (memory limit, 1-CPU cpuset,
CFS quota) and a container: a shell in those groups that unshares mount and
pid namespaces with a private /proc, bind-mounts the procview files over
/proc and /sys/devices/system/cpu, and runs procps, coreutils and python3.
Everything made is removed again, also on failure. Needs root, /dev/fuse and
cgroup v1 (tags local, exclusive).
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import containers  # noqa: E402
import pvtest  # noqa: E402

BINARY = pvtest.runfile("frontends/fuse/procviewfs")
LIBRARY = pvtest.runfile("lib/procview/abi/libprocview.so")
LIBRARY_B = pvtest.runfile("lib/procview/abi/libprocview_variant_b.so")

MIB = 1 << 20
LIMIT = 256 * MIB


def host_cpus():
    """Host CPU numbers from a cpulist like "0-3,6"."""
    cpus = []
    for part in pvtest.read_text("/sys/devices/system/cpu/online").strip().split(","):
        lo, _, hi = part.partition("-")
        cpus.extend(range(int(lo), int(hi or lo) + 1))
    return cpus


def container_init(unshare_pid, timeout=10):
    """Host pid of the container's init: the child that unshare forked."""
    path = "/proc/%d/task/%d/children" % (unshare_pid, unshare_pid)
    children = []

    def found():
        children[:] = pvtest.read_text(path).split()
        return bool(children)
    pvtest.wait_for(found, timeout, "container init")
    return int(children[0])


def in_container(init_pid, argv, timeout=pvtest.DEFAULT_TIMEOUT):
    """Runs argv in a running container's namespaces (like docker exec: the
    process joins with setns but stays in our cgroups)."""
    return subprocess.run(["nsenter", "-t", str(init_pid), "-m", "-p", "--"] + argv,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def free_bytes(output):
    """The Mem: row of `free -b` as a dict."""
    header = output.splitlines()[0].split()
    for line in output.splitlines():
        if line.startswith("Mem:"):
            return dict(zip(header, (int(x) for x in line.split()[1:])))
    raise AssertionError("no Mem: row in\n" + output)


class ContainerTest(containers.ContainerTestCase):

    BINARY = BINARY
    LIBRARY = LIBRARY
    DAEMON_KWARGS = {"debug": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cpu = host_cpus()[-1]

    def limited_cgroup(self, limit=LIMIT, cpus=None, quota_us=None):
        cgroup = self.memory_limited_cgroup(limit)
        cgroup.write("cpuset", "cpuset.cpus", str(self.cpu if cpus is None else cpus))
        if quota_us is not None:
            cgroup.write("cpu", "cpu.cfs_period_us", 100000)
            cgroup.write("cpu", "cpu.cfs_quota_us", quota_us)
        return cgroup

    def run_container(self, command, cgroup=None, timeout=60):
        done = pvtest.run_in_container(cgroup or self.limited_cgroup(), self.daemon.mountpoint,
                                       command, timeout=timeout)
        self.assertEqual(done.returncode, 0, "container failed:\n%s\n%s" % (done.stdout,
                                                                            done.stderr))
        return done.stdout

    def start_container(self, cgroup):
        """A container idling in the background; returns its init's pid."""
        proc = pvtest.run_in_container(cgroup, self.daemon.mountpoint, "exec sleep 600",
                                       background=True)
        self.procs.append(proc)
        init = container_init(proc.pid)
        # Wait until the init runs sleep, i.e. the bind mounts are in place.
        pvtest.wait_for(lambda: pvtest.read_text("/proc/%d/comm" % init).strip() == "sleep",
                        10, "container ready")
        return init

    # ---- what tools see ----

    def test_free_shows_the_memory_limit(self):
        out = self.run_container("free -b; echo ---; cat /proc/meminfo")
        free, meminfo = out.split("---\n")
        self.assertEqual(free_bytes(free)["total"], LIMIT)
        self.assertEqual(pvtest.meminfo_kb(meminfo, "MemTotal"), LIMIT // 1024)
        self.assertLessEqual(pvtest.meminfo_kb(meminfo, "MemAvailable"), LIMIT // 1024)

    def test_every_cpu_count_is_one(self):
        out = self.run_container(
            "nproc; getconf _NPROCESSORS_ONLN; python3 -c 'import os; print(os.cpu_count())';"
            "grep -c ^processor /proc/cpuinfo; grep -c '^cpu[0-9]' /proc/stat;"
            "cat /sys/devices/system/cpu/online")
        lines = out.split()
        self.assertEqual(lines[:5], ["1"] * 5, out)
        self.assertRegex(lines[5], r"^\d+$", "online lists one CPU")

    def test_cfs_quota_alone_does_not_change_cpu_count_without_flag(self):
        # Without --enable-cfs the CPU view follows the cpuset only (LXCFS).
        cgroup = self.limited_cgroup(cpus=",".join(map(str, host_cpus())), quota_us=50000)
        out = self.run_container("getconf _NPROCESSORS_ONLN", cgroup=cgroup)
        self.assertEqual(int(out), len(host_cpus()))

    def test_procps_tools_run(self):
        out = self.run_container("uptime && top -bn1 | head -5 && vmstat && echo done")
        self.assertTrue(out.rstrip().endswith("done"), out)
        self.assertRegex(out, r"MiB Mem :\s+256\.0 total")

    def test_container_without_a_pid_namespace_uses_the_readers_own_cgroups(self):
        # Only a mount namespace (some runtimes share the host's pid
        # namespace): the reader is its own "container init".
        cgroup = self.limited_cgroup()
        join = "".join("echo $$ > %s\n" % shlex.quote(p) for p in cgroup.procs_files())
        inner = pvtest.container_script(self.daemon.mountpoint,
                                        "free -b; echo ---; nproc; cat /proc/uptime")
        done = subprocess.run(["sh", "-c", join + "exec unshare --mount sh -c %s"
                               % shlex.quote(inner)],
                              capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(done.returncode, 0, done.stderr)
        free, rest = done.stdout.split("---\n")
        self.assertEqual(free_bytes(free)["total"], LIMIT)
        nproc, uptime = rest.split("\n", 1)
        self.assertEqual(nproc, "1")
        # Its own start is its "boot": a fresh process has a tiny uptime.
        self.assertLess(float(uptime.split()[0]), 30)

    def test_uptime_is_the_containers(self):
        out = self.run_container("sleep 1; cat /proc/uptime")
        container_up = float(out.split()[0])
        self.assertGreaterEqual(container_up, 0.5)
        host_up = float(pvtest.read_text("/proc/uptime").split()[0])
        if host_up > 120:
            self.assertLess(container_up, 60)

    def test_anonymous_and_tmpfs_memory_show_as_used(self):
        script = r"""
meminfo() { grep -E "^($1):" /proc/meminfo | awk '{print $2}'; }
echo before $(meminfo MemAvailable) $(meminfo Shmem)
python3 -c '
import mmap, sys, time
m = mmap.mmap(-1, 96 << 20)
for i in range(0, len(m), 4096): m[i] = 1
sys.stdout.write(open("/proc/meminfo").read()); sys.stdout.flush()
' | awk '/^MemAvailable:/{print "anon", $2}'
mkdir -p /tmp/pvshm && mount -t tmpfs none /tmp/pvshm
dd if=/dev/zero of=/tmp/pvshm/fill bs=1M count=64 status=none
echo tmpfs $(meminfo MemAvailable) $(meminfo Shmem)
"""
        values = {}
        for line in self.run_container(script).splitlines():
            parts = line.split()
            values[parts[0]] = [int(x) for x in parts[1:]]
        before_available, before_shmem = values["before"]
        self.assertGreaterEqual(before_available - values["anon"][0], 80 * 1024, values)
        after_available, after_shmem = values["tmpfs"]
        self.assertGreaterEqual(after_shmem - before_shmem, 60 * 1024, values)
        self.assertGreaterEqual(before_available - after_available, 60 * 1024,
                                "shared memory is not available: %s" % values)

    def test_changed_limit_shows_on_next_read(self):
        cgroup = self.limited_cgroup()
        init = self.start_container(cgroup)
        # A tool that keeps the file open and re-reads it from offset 0 (top,
        # free -s): prints MemTotal, waits for a line on stdin, reads again.
        keeper = subprocess.Popen(
            ["nsenter", "-t", str(init), "-m", "-p", "--", "python3", "-c",
             "import os, sys\n"
             "fd = os.open('/proc/meminfo', os.O_RDONLY)\n"
             "for _ in range(2):\n"
             "    os.lseek(fd, 0, 0)\n"
             "    print(os.read(fd, 1 << 16).decode().split()[1], flush=True)\n"
             "    sys.stdin.readline()\n"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.procs.append(keeper)
        self.assertEqual(int(keeper.stdout.readline()), LIMIT // 1024)
        first = in_container(init, ["cat", "/proc/meminfo"])
        self.assertEqual(pvtest.meminfo_kb(first.stdout, "MemTotal"), LIMIT // 1024,
                         first.stderr)
        cgroup.write("memory", "memory.limit_in_bytes", 384 * MIB)
        second = in_container(init, ["free", "-b"])
        self.assertEqual(free_bytes(second.stdout)["total"], 384 * MIB)
        keeper.stdin.write("\n")
        keeper.stdin.flush()
        self.assertEqual(int(keeper.stdout.readline()), 384 * 1024)

    def test_two_containers_at_once_see_their_own(self):
        inits = {}
        for limit in (256 * MIB, 128 * MIB):
            inits[limit] = self.start_container(self.limited_cgroup(limit=limit))
        loop = ("for i in $(seq 40); do grep ^MemTotal: /proc/meminfo; done")
        readers = {limit: subprocess.Popen(
            ["nsenter", "-t", str(init), "-m", "-p", "--", "sh", "-c", loop],
            stdout=subprocess.PIPE, text=True) for limit, init in inits.items()}
        for limit, reader in readers.items():
            out, _ = reader.communicate(timeout=60)
            totals = set(int(line.split()[1]) for line in out.splitlines())
            self.assertEqual(totals, {limit // 1024})

    # ---- reading ----

    def test_dd_bs1_and_pread_match_one_read(self):
        script = r"""
for f in /proc/swaps /sys/devices/system/cpu/online /sys/devices/system/cpu/possible; do
  a=$(cat $f | md5sum); b=$(dd if=$f bs=1 status=none | md5sum)
  [ "$a" = "$b" ] || { echo "dd bs=1 differs for $f"; exit 1; }
done
mask() { sed -E 's/^(cpu MHz|bogomips)[^:]*:.*/\1/'; }
a=$(cat /proc/cpuinfo | mask | md5sum); b=$(dd if=/proc/cpuinfo bs=1 status=none | mask | md5sum)
[ "$a" = "$b" ] || { echo "dd bs=1 differs for cpuinfo"; exit 1; }
echo same
"""
        self.assertEqual(self.run_container(script).strip(), "same")
        out = self.run_container(containers.hammer_script(1, "--iterations 200"))
        self.assertTrue(out.startswith("ok "), out)

    def test_sendfile_equals_read_for_every_file(self):
        # busybox cat and python os.sendfile splice through the page cache.
        files = ["/proc/" + f for f in pvtest.PROC_FILES] + \
            ["/sys/devices/system/cpu/" + f for f in pvtest.CPU_FILES]
        script = r"""
import os, re, sys, tempfile
def shape(text):  # numbers move between two reads; the lines must not
    return re.sub(r"[0-9.]+", "N", text)
bad = []
for path in sys.argv[1:]:
    with open(path) as f:
        text = f.read()
    with open(path, "rb") as src, tempfile.TemporaryFile() as dst:
        while os.sendfile(dst.fileno(), src.fileno(), None, 1 << 20):
            pass
        dst.seek(0)
        spliced = dst.read().decode()
    if not text or shape(spliced) != shape(text):
        bad.append("%s: read %d bytes, sendfile %d" % (path, len(text), len(spliced)))
print("\n".join(bad) or "same")
"""
        out = self.run_container("python3 -c %s %s" % (shlex.quote(script), " ".join(files)))
        self.assertEqual(out.strip(), "same")

    def test_busybox_cat_and_gnu_tools_see_the_container_files(self):
        script = r"""
bb() { /bin/busybox cat "$1"; }
echo total $(bb /proc/meminfo | awk '/^MemTotal:/{print $2}')
echo processors $(bb /proc/cpuinfo | grep -c ^processor)
echo statcpus $(bb /proc/stat | grep -c '^cpu[0-9]')
echo online $(bb /sys/devices/system/cpu/online)
echo uptime $(bb /proc/uptime | wc -w)
for f in /proc/meminfo /proc/cpuinfo /proc/stat; do
  [ "$(tail -n 3 $f | sed 's/[0-9]//g')" = "$(cat $f | sed 's/[0-9]//g' | tail -n 3)" ] || echo "tail differs $f"
  [ "$(head -n 2 $f | sed 's/[0-9]//g')" = "$(cat $f | sed 's/[0-9]//g' | head -n 2)" ] || echo "head differs $f"
done
"""
        values = dict(line.split(None, 1) for line in self.run_container(script).splitlines())
        self.assertEqual(values, {"total": str(LIMIT // 1024), "processors": "1",
                                  "statcpus": "1", "online": "0", "uptime": "2"})

    # ---- the cpu directory ----

    def test_cpu_directory_shows_only_the_readers_cpus_renumbered(self):
        host_cpu = host_cpus()[-1]
        cpu_dir = os.path.join(self.daemon.mountpoint, "sys/devices/system/cpu")
        script = r"""
mount --bind %s /sys/devices/system/cpu
cd /sys/devices/system/cpu
echo entries $(ls | grep -E '^cpu[0-9]+$')
echo core $(cat cpu0/topology/core_id)
echo siblings $(cat cpu0/topology/thread_siblings_list)
echo conf $(getconf _NPROCESSORS_CONF)
echo all $(nproc --all)
echo kernel_max $(cat kernel_max)
""" % shlex.quote(cpu_dir)
        values = dict(line.split(None, 1) for line in
                      self.run_container(script, cgroup=self.limited_cgroup(cpus=host_cpu))
                      .splitlines())
        topology = "/sys/devices/system/cpu/cpu%d/topology/" % host_cpu
        self.assertEqual(values, {
            "entries": "cpu0",
            "core": pvtest.read_text(topology + "core_id").strip(),
            "siblings": pvtest.read_text(topology + "thread_siblings_list").strip(),
            "conf": "1", "all": "1",
            "kernel_max": pvtest.read_text("/sys/devices/system/cpu/kernel_max").strip()})

    def test_host_reader_sees_every_cpu_directory(self):
        cpu_dir = os.path.join(self.daemon.mountpoint, "sys/devices/system/cpu")
        ours = sorted(n for n in os.listdir(cpu_dir) if re.match(r"cpu\d+$", n))
        self.assertEqual(ours, sorted("cpu%d" % c for c in host_cpus()))
        for c in host_cpus():
            relpath = "cpu%d/topology/core_id" % c
            self.assertEqual(pvtest.read_text(os.path.join(cpu_dir, relpath)),
                             pvtest.read_text("/sys/devices/system/cpu/" + relpath))

    def test_sixteen_concurrent_readers_in_a_container(self):
        out = self.run_container(containers.hammer_script(16, "--iterations 200"), timeout=300)
        lines = out.split("\n")[:-1]
        self.assertEqual(len(lines), 16, out)
        self.assertTrue(all(line.startswith("ok ") for line in lines), out)

    def test_reader_killed_mid_read_does_not_hurt(self):
        init = self.start_container(self.limited_cgroup())
        slow = subprocess.Popen(
            ["nsenter", "-t", str(init), "-m", "-p", "--", "dd", "if=/proc/cpuinfo", "bs=1",
             "of=/dev/null"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        slow.kill()
        slow.wait(10)
        out = in_container(init, ["free", "-b"])
        self.assertEqual(free_bytes(out.stdout)["total"], LIMIT)

    def test_debug_log_names_the_container_init(self):
        init = self.start_container(self.limited_cgroup())
        reader = subprocess.Popen(["nsenter", "-t", str(init), "-m", "-p", "--", "cat",
                                   "/proc/uptime"], stdout=subprocess.DEVNULL)
        reader.wait(10)
        pattern = re.compile(r"render proc/uptime pid=\d+ init=%d " % init)
        pvtest.wait_for(lambda: pattern.search(self.daemon.log()), 5,
                        "debug line naming init %d" % init)


class ReloadTest(unittest.TestCase):
    """Live reload of the real library while containers read every file."""

    def test_reload_fifty_times_under_load(self):
        with containers.hammered_daemon(BINARY, LIBRARY, LIMIT, 8) as (daemon, path, cgroup, hammer):
            versions = {}
            baseline = None
            for i in range(50):
                source = LIBRARY_B if i % 2 == 0 else LIBRARY
                shutil.copyfile(source, path + ".new")
                os.rename(path + ".new", path)
                daemon.signal(signal.SIGUSR1)
                pvtest.wait_for(lambda: daemon.version()["generation"] == str(i + 2), 10,
                                "generation %d" % (i + 2))
                versions.setdefault(source, daemon.version()["library"])
                if i == 5:
                    baseline = (pvtest.fd_count(daemon.pid),
                                pvtest.proc_status(daemon.pid, "VmRSS"))
            self.assertIn("variant_b", versions[LIBRARY_B])
            self.assertNotIn("variant_b", versions[LIBRARY])
            containers.stop_hammer(self, cgroup, hammer, 8)
            pvtest.wait_for(lambda: pvtest.mapped_library_copies(daemon.pid) == 1, 5,
                            "old generations unmapped")
            self.assertLessEqual(pvtest.fd_count(daemon.pid), baseline[0])
            pvtest.assert_rss_growth_below(self, daemon.pid, baseline[1], 8 * 1024)

if __name__ == "__main__":
    sys.exit(pvtest.run_tests(needs_cgroup_v1=True))
