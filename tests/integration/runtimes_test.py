"""runtimes_test.py: procview attached to real container runtimes.

runc and crun start containers whose OCI hook (`procview oci-hook`) mounts
procview's files; LXC's lxc-execute uses the shipped include config and
mount hook. The restart test kills the daemon under two running containers,
restarts it and repairs them with `procview remount --all`, then takes the
files away with `umount --all`. The container root is busybox-static plus
procps `free` with its shared libraries, built here. Needs root, /dev/fuse,
cgroup v1 and the Debian packages runc, crun and lxc (tags local, exclusive).
"""

import contextlib
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pvtest  # noqa: E402

DAEMON = pvtest.runfile("frontends/fuse/procviewfs")
LIBRARY = pvtest.runfile(os.environ.get("PROCVIEW_TEST_LIBRARY",
                                        "lib/procview/abi/libprocview.so"))
TOOL = pvtest.runfile("frontends/cli/procview")
LXC_HOOK = pvtest.runfile("frontends/integrations/lxc/procview.mount.hook")
LXC_CONF = pvtest.runfile("frontends/integrations/lxc/00-procview.conf")
UNIT = pvtest.runfile("frontends/integrations/systemd/procview.service")
# The real library computes limits; the fake one serves self-describing text.
REAL = os.path.basename(LIBRARY) == "libprocview.so"

MIB = 1 << 20
LIMIT = 256 * MIB
ENOTCONN_TEXT = "Transport endpoint is not connected"

# What every container prints: sections the assertions pick apart. procps
# free by path: busybox sh runs its own applets first, and busybox free
# uses sysinfo(2), which no file system can change.
REPORT = ("echo ==meminfo; head -n 3 /proc/meminfo; "
          "echo ==online; head -n 1 /sys/devices/system/cpu/online; "
          "echo ==uptime; head -n 1 /proc/uptime; "
          "echo ==free; /usr/bin/free -b; echo ==nproc; nproc; echo ==end")


def sections(output):
    """'==name' separated output as {name: text}."""
    found = {}
    for part in output.split("==")[1:]:
        name, _, body = part.partition("\n")
        found[name.strip()] = body
    return found


def host_cpus():
    text = pvtest.read_text("/sys/devices/system/cpu/online").strip()
    cpus = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        cpus.extend(range(int(lo), int(hi or lo) + 1))
    return cpus


def build_rootfs(path):
    """busybox-static with its applets, plus procps free and its ldd closure."""
    for sub in ("bin", "proc", "sys", "dev", "tmp", "etc", "lib", "lib64", "usr/bin"):
        os.makedirs(os.path.join(path, sub), exist_ok=True)
    shutil.copy2("/bin/busybox", os.path.join(path, "bin/busybox"))
    for applet in ("sh", "head", "cat", "grep", "nproc", "sleep", "echo", "ls", "mount"):
        os.symlink("busybox", os.path.join(path, "bin", applet))
    shutil.copy2("/usr/bin/free", os.path.join(path, "usr/bin/free"))
    ldd = subprocess.run(["ldd", "/usr/bin/free"], capture_output=True, text=True, check=True)
    for lib in re.findall(r"(/\S+\.so[.\d]*)", ldd.stdout):
        dest = os.path.join(path, lib.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(os.path.realpath(lib), dest)


class Bundle:
    """An OCI bundle (runc's default spec) around a shared rootfs."""

    def __init__(self, rootfs, name, args, hook_stage, mount_root, cgroup_path):
        self.dir = pvtest.scratch_dir("bundle.")
        self.name = name
        subprocess.run(["runc", "spec", "--bundle", self.dir], check=True)
        path = os.path.join(self.dir, "config.json")
        with open(path) as f:
            config = json.load(f)
        config["root"] = {"path": rootfs, "readonly": True}
        config["process"]["terminal"] = False
        config["process"]["args"] = args
        config["process"]["env"].append("PATH=/bin:/usr/bin")
        config["linux"]["cgroupsPath"] = cgroup_path
        config["linux"]["resources"]["memory"] = {"limit": LIMIT, "swap": LIMIT}
        config["linux"]["resources"]["cpu"] = {"cpus": str(host_cpus()[-1]), "mems": "0"}
        if hook_stage:
            config["hooks"] = {hook_stage: [{
                "path": TOOL, "args": ["procview", "oci-hook", "--mount-root", mount_root]}]}
        with open(path, "w") as f:
            json.dump(config, f)


def runtime_argv(runtime, *args):
    """crun refuses this host's hybrid cgroups (v2 has hugetlb): give it a
    mount namespace without the unified hierarchy, i.e. plain v1."""
    if runtime == "crun":
        inner = "umount -l /sys/fs/cgroup/unified 2>/dev/null; exec crun " + " ".join(args)
        return ["unshare", "--mount", "sh", "-c", inner]
    return [runtime] + list(args)


class RuntimesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.root = pvtest.scratch_dir("runtimes.")
        cls.rootfs = os.path.join(cls.root, "rootfs")
        build_rootfs(cls.rootfs)
        cls.mount_root = os.path.join(cls.root, "procview")
        cls.daemon = pvtest.Daemon(DAEMON, LIBRARY, mountpoint=cls.mount_root).start()
        cls.counter = 0

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def setUp(self):
        self.cleanups = contextlib.ExitStack()

    def tearDown(self):
        self.cleanups.close()

    def unique(self, prefix):
        RuntimesTest.counter += 1
        return "pv%s%d-%d" % (prefix, os.getpid(), RuntimesTest.counter)

    def tool(self, *args, check=True):
        result = subprocess.run([TOOL] + list(args), capture_output=True, text=True, timeout=30)
        if check:
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    # ---- what a container must see ----

    def assert_procview_view(self, output):
        got = sections(output)
        self.assertIn("end", got, output)
        if not REAL:
            self.assertTrue(got["meminfo"].startswith("proc/meminfo line 0 pid "), output)
            self.assertTrue(got["online"].startswith("sys/devices/system/cpu/online line 0"),
                            output)
            self.assertTrue(got["uptime"].startswith("proc/uptime line 0 pid "), output)
            return
        self.assertEqual(pvtest.meminfo_kb(got["meminfo"], "MemTotal") * 1024, LIMIT, output)
        mem = dict(zip(got["free"].split("\n")[0].split(),
                       (int(x) for x in got["free"].split("\n")[1].split()[1:])))
        self.assertEqual(mem["total"], LIMIT, output)
        self.assertEqual(got["online"].strip(), "0", output)
        self.assertEqual(got["nproc"].strip(), "1", output)
        self.assertLess(float(got["uptime"].split()[0]), 120, output)

    def assert_host_view(self, output):
        got = sections(output)
        host_total = pvtest.meminfo_kb(pvtest.read_text("/proc/meminfo"), "MemTotal")
        self.assertEqual(pvtest.meminfo_kb(got["meminfo"], "MemTotal"), host_total, output)

    # ---- runtimes ----

    def run_container(self, runtime, stage, mount_root=None):
        name = self.unique(runtime[0])
        bundle = Bundle(self.rootfs, name, ["sh", "-c", REPORT], stage,
                        mount_root or self.mount_root, "/" + name)
        result = subprocess.run(runtime_argv(runtime, "run", "--bundle", bundle.dir, name),
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def test_runc_prestart_hook_gives_limits(self):
        self.assert_procview_view(self.run_container("runc", "prestart"))

    def test_runc_create_container_hook_gives_limits(self):
        self.assert_procview_view(self.run_container("runc", "createContainer"))

    def test_crun_prestart_hook_gives_limits(self):
        self.assert_procview_view(self.run_container("crun", "prestart"))

    def test_crun_create_container_hook_gives_limits(self):
        self.assert_procview_view(self.run_container("crun", "createContainer"))

    def test_hook_without_daemon_starts_container_with_host_files(self):
        empty = pvtest.scratch_dir("nomount.")
        self.assert_host_view(self.run_container("runc", "prestart", mount_root=empty))

    def test_lxc_execute_with_include_config(self):
        work = pvtest.scratch_dir("lxc.")
        name = self.unique("l")
        include = os.path.join(work, "00-procview.conf")
        with open(include, "w") as f:
            # The shipped include, with the hook where this tree has it and
            # the daemon at its non-default mount root.
            f.write(pvtest.read_text(LXC_CONF).replace(
                "/usr/share/procview/lxc/procview.mount.hook",
                "%s --mount-root=%s" % (LXC_HOOK, self.mount_root)))
        # LXC leaves an empty "lxc.pivot" group in each hierarchy it used.
        pivots = [p for p in glob.glob("/sys/fs/cgroup/*/") if not os.path.isdir(p + "lxc.pivot")]

        def remove_pivots():
            for path in pivots:
                with contextlib.suppress(OSError):
                    os.rmdir(path + "lxc.pivot")
        self.cleanups.callback(remove_pivots)
        config = os.path.join(work, "config")
        with open(config, "w") as f:
            f.write("lxc.uts.name = %s\n" % name)
            f.write("lxc.rootfs.path = dir:%s\n" % self.rootfs)
            f.write("lxc.net.0.type = empty\n")
            f.write("lxc.apparmor.profile = unconfined\n")
            f.write("lxc.cgroup.memory.limit_in_bytes = %d\n" % LIMIT)
            f.write("lxc.cgroup.cpuset.cpus = %d\n" % host_cpus()[-1])
            f.write("lxc.include = %s\n" % include)
        result = subprocess.run(
            ["lxc-execute", "-n", name, "-P", work, "-f", config, "--", "sh", "-c", REPORT],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assert_procview_view(result.stdout)

    # ---- toolkit ----

    def test_check_reports_healthy_and_missing_mounts(self):
        self.assertEqual(self.tool("check", "--mount-root", self.mount_root).returncode, 0)
        missing = self.tool("check", "--mount-root", pvtest.scratch_dir("none."), check=False)
        self.assertEqual(missing.returncode, 6, missing.stdout + missing.stderr)
        # A stopped daemon: the probe read is abandoned, not waited for.
        self.daemon.signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            hung = self.tool("check", "--mount-root", self.mount_root, check=False)
        finally:
            self.daemon.signal(signal.SIGCONT)
        self.assertEqual(hung.returncode, 8, hung.stdout + hung.stderr)
        self.assertLess(time.monotonic() - started, 10)

    def test_run_command_gives_limits(self):
        result = self.tool("run", "--mount-root", self.mount_root, "--memory", "256M",
                           "--cpus", str(host_cpus()[-1]), "--", "sh", "-c", REPORT)
        self.assert_procview_view(result.stdout)

    def start_detached(self, name):
        bundle = Bundle(self.rootfs, name, ["sleep", "600"], "prestart", self.mount_root,
                        "/" + name)
        subprocess.run(["runc", "run", "--detach", "--bundle", bundle.dir, name], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=60)
        self.cleanups.callback(subprocess.call, ["runc", "delete", "--force", name],
                               stderr=subprocess.DEVNULL)

    def exec_report(self, name):
        return subprocess.run(["runc", "exec", name, "sh", "-c", REPORT], capture_output=True,
                              text=True, timeout=30)

    def test_restart_safety_remount_and_umount(self):
        names = [self.unique("r"), self.unique("r")]
        for name in names:
            self.start_detached(name)
            self.assert_procview_view(self.exec_report(name).stdout)

        # The daemon dies: every procview read in both containers fails.
        self.daemon.proc.send_signal(signal.SIGKILL)
        self.daemon.proc.wait(10)
        for name in names:
            dead = self.exec_report(name)
            self.assertIn(ENOTCONN_TEXT, dead.stderr, dead.stdout + dead.stderr)
        self.assertEqual(self.tool("check", "--mount-root", self.mount_root,
                                   check=False).returncode, 7)

        # A new daemon on the same mount point, then repair the containers.
        self.daemon.stop()
        RuntimesTest.daemon = pvtest.Daemon(DAEMON, LIBRARY, mountpoint=self.mount_root).start()
        remount = self.tool("remount", "--all", "--mount-root", self.mount_root)
        for name in names:
            report = self.exec_report(name)
            self.assertEqual(report.stderr, "", remount.stdout)
            self.assert_procview_view(report.stdout)

        # umount: the containers read the host's files again, no errors.
        self.tool("umount", "--all")
        for name in names:
            report = self.exec_report(name)
            self.assertEqual(report.stderr, "")
            self.assert_host_view(report.stdout)

        # remount --container gives one container (any pid in it) every file again.
        state = json.loads(subprocess.run(["runc", "state", names[0]], capture_output=True,
                                          text=True, check=True).stdout)
        self.tool("remount", "--container", str(state["pid"]), "--mount-root", self.mount_root)
        self.assert_procview_view(self.exec_report(names[0]).stdout)
        self.assert_host_view(self.exec_report(names[1]).stdout)

    # ---- the systemd unit's command lines, run in systemd's order ----

    def unit_commands(self, mount_root, runtime_dir):
        """{Exec key: [argv, ...]} of the shipped unit, pointed at this
        test's binaries, mount root and runtime dir."""
        commands = {}
        for line in pvtest.read_text(UNIT).splitlines():
            key, sep, value = line.partition("=")
            if not sep or not key.startswith("Exec"):
                continue
            value = value.lstrip("-")  # "-": failure ignored; the test wants success anyway
            value = value.replace("/usr/bin/procviewfs", "%s --library %s" % (DAEMON, LIBRARY))
            value = value.replace("/usr/bin/procview ", TOOL + " ")
            value = value.replace("/var/lib/procview", mount_root)
            value = value.replace("--runtime-dir /run", "--runtime-dir " + runtime_dir)
            commands.setdefault(key, []).append(value)
        return commands

    def run_unit(self, commands, key, mainpid=None):
        for command in commands.get(key, []):
            if mainpid is not None:
                command = command.replace("$MAINPID", str(mainpid))
            result = subprocess.run(command.split(), capture_output=True, text=True, timeout=30)
            if key not in ("ExecStartPre", "ExecStopPost"):  # those are "-" (may fail)
                self.assertEqual(result.returncode, 0, command + "\n" + result.stderr)

    def test_systemd_unit_start_crash_restart_reload_stop(self):
        work = pvtest.scratch_dir("unit.")
        mount_root = os.path.join(work, "procview")
        runtime_dir = os.path.join(work, "run")
        os.makedirs(runtime_dir)
        commands = self.unit_commands(mount_root, runtime_dir)
        pidfile = os.path.join(runtime_dir, "procview.pid")

        def start():
            for key in ("ExecStartPre", "ExecStart", "ExecStartPost"):
                self.run_unit(commands, key)
            return int(pvtest.read_text(pidfile))

        def cleanup():
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(pvtest.read_text(pidfile)), signal.SIGKILL)
            subprocess.call(["fusermount3", "-u", "-z", mount_root], stderr=subprocess.DEVNULL)
        self.cleanups.callback(cleanup)

        pid = start()
        self.assertEqual(self.tool("check", "--mount-root", mount_root).returncode, 0)
        name = self.unique("u")
        bundle = Bundle(self.rootfs, name, ["sleep", "600"], "prestart", mount_root, "/" + name)
        subprocess.run(["runc", "run", "--detach", "--bundle", bundle.dir, name], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=60)
        self.cleanups.callback(subprocess.call, ["runc", "delete", "--force", name],
                               stderr=subprocess.DEVNULL)
        self.assert_procview_view(self.exec_report(name).stdout)

        # A crash, and systemd's Restart=on-failure: stop-post, then start again.
        os.kill(pid, signal.SIGKILL)
        pvtest.wait_for(lambda: not os.path.exists("/proc/%d" % pid), 10, "daemon exit")
        self.assertIn(ENOTCONN_TEXT, self.exec_report(name).stderr)
        self.run_unit(commands, "ExecStopPost")
        pid = start()
        self.assert_procview_view(self.exec_report(name).stdout)  # ExecStartPost repaired it

        # Reload swaps the library generation; the mount stays.
        before = pvtest.read_text(os.path.join(mount_root, ".procview/version"))
        self.run_unit(commands, "ExecReload", mainpid=pid)
        pvtest.wait_for(
            lambda: pvtest.read_text(os.path.join(mount_root, ".procview/version")) != before,
            10, "library reload")
        self.assert_procview_view(self.exec_report(name).stdout)

        # Stop: SIGTERM to the main pid, then stop-post; nothing left mounted.
        os.kill(pid, signal.SIGTERM)
        pvtest.wait_for(lambda: not os.path.exists("/proc/%d" % pid), 10, "daemon exit")
        self.run_unit(commands, "ExecStopPost")
        self.assertIsNone(pvtest.mount_fstype(mount_root))


if __name__ == "__main__":
    with pvtest.sigterm_raises():
        unittest.main()
