#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the recorded fixtures in tests/fixtures.

Run from anywhere; re-running rewrites the seed files. The render target's
seeds are fixture files joined with NUL bytes in render_fuzz.cc's order.
"""
import glob
import hashlib
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")
OUT = os.path.join(ROOT, "fuzz", "seeds")


def read(rel):
    with open(os.path.join(FIX, rel), "rb") as f:
        return f.read()


def fixture_files(pattern):
    return sorted(p for p in glob.glob(os.path.join(FIX, pattern), recursive=True)
                  if os.path.isfile(p))


def write(target, blobs):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    for blob in blobs:
        name = hashlib.sha1(blob).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(blob)


def contents(pattern):
    return {open(p, "rb").read() for p in fixture_files(pattern)}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    tight_v1 = "cgroup-v1/cgroup/*/pvrec-parent/tight/"
    tight_v2 = "cgroup-v2/cgroup/pvrec-parent/tight/"
    write("parse_cgroup_values_fuzz",
          contents(tight_v1 + "memory.*") | contents(tight_v1 + "cpu*") |
          contents(tight_v1 + "blkio.*recursive") | contents(tight_v2 + "*") |
          {read(tight_v1.replace("*", "cpu") + "cpu.cfs_quota_us") + b"\0" +
           read(tight_v1.replace("*", "cpu") + "cpu.cfs_period_us")})
    write("parse_cpu_list_fuzz",
          contents("cgroup-v1/cgroup/cpuset/**/cpuset.*cpus") |
          contents("cgroup-v2/cgroup/**/cpuset.cpus.effective") |
          {b"0-3,8,10-11\n", b"\n", b"0\n"})
    write("parse_cpuinfo_fuzz", contents("host-proc/cpuinfo_*.txt"))
    write("parse_diskstats_fuzz", contents("diskstats/*.txt"))
    write("parse_loadavg_fuzz", {b"0.52 0.58 0.59 2/345 12345\n", b"12.00 3.10 0.00 17/4096 99\n"})
    write("parse_meminfo_fuzz", contents("host-proc/meminfo.txt"))
    write("parse_proc_pid_fuzz", {
        b"4242 (sleep) S 1 4242 4242 0 -1 4194560 95 0 0 0 0 0 0 0 20 0 1 0 123456 "
        b"5537792 214 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
        b"4243 (a) b (c)) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0\n",
        b"Name:\tsleep\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\n"
        b"PPid:\t1\nNSpid:\t4242\t7\t1\nNSpgid:\t4242\t7\t1\n",
    })
    write("parse_proc_pid_cgroup_fuzz",
          contents("*/busy_cgroup.txt") | {b"0::/\n", b"0::/a b\n3:cpu,cpuacct:/x\n"})
    write("parse_proc_stat_fuzz", contents("stat/host_*.txt") | contents("host-proc/stat.txt"))
    write("parse_uptime_fuzz", contents("host-proc/uptime.txt"))

    # render_fuzz: selector byte, then host files, then the layout's cgroup files.
    def join(selector, files):
        return bytes([selector]) + b"\0".join(files)
    host = [read("host-proc/meminfo.txt"), read("host-proc/cpuinfo_x86_64.txt"),
            read("host-proc/stat.txt"), read("host-proc/uptime.txt"),
            read("diskstats/host_vda.txt"), b"0.52 0.58 0.59 2/345 12345\n",
            read("host-proc/swaps.txt"), read("slabinfo/host.txt"),
            read("host-proc/swappiness.txt"),
            b"100 (init) S 0 100 100 0 -1 4194560 95 0 0 0 0 0 0 0 20 0 1 0 2000 "
            b"5537792 214 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
            b"Name:\tinit\nNSpid:\t100\t1\n", read("cgroup-v1/busy_cgroup.txt"),
            b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
            b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
            b"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
            b"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
            b"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
            b"0-1\n", b"0-1\n", b"0-1\n"]
    v1 = "cgroup-v1/cgroup/"
    t = "pvrec-parent/tight/"
    v1_files = [read(v1 + "memory/" + t + f) for f in [
        "memory.limit_in_bytes", "memory.usage_in_bytes", "memory.stat",
        "memory.memsw.limit_in_bytes", "memory.memsw.usage_in_bytes", "memory.swappiness",
        "memory.kmem.slabinfo"]]
    v1_files += [read(v1 + "memory/pvrec-parent/memory.limit_in_bytes"),
                 read(v1 + "cpuset/" + t + "cpuset.effective_cpus"),
                 read(v1 + "cpu/" + t + "cpu.cfs_quota_us"),
                 read(v1 + "cpu/" + t + "cpu.cfs_period_us"),
                 read(v1 + "cpu/pvrec-parent/cpu.cfs_quota_us"),
                 read(v1 + "cpu/pvrec-parent/cpu.cfs_period_us"), b"100\n",
                 read(v1 + "cpuacct/" + t + "cpuacct.usage_all"),
                 read(v1 + "cpuacct/" + t + "cpuacct.stat")]
    v1_files += [read(v1 + "blkio/pvrec-parent/web%20app%3A1/blkio.throttle." + f)
                 for f in ["io_service_bytes_recursive", "io_serviced_recursive"]]
    v1_files += [b"", b""]
    v2 = "cgroup-v2/cgroup/pvrec-parent/tight/"
    v2_files = [read(v2 + f) for f in [
        "memory.max", "memory.current", "memory.stat", "memory.swap.max",
        "memory.swap.current", "cpuset.cpus.effective", "cpu.max", "cpu.stat", "io.stat",
        "cpu.pressure", "io.pressure", "memory.pressure"]]
    v2_files += [b"100\n", read("cgroup-v2/cgroup/pvrec-parent/memory.max"),
                 read("cgroup-v2/cgroup/pvrec-parent/cpu.max")]
    seeds = set()
    for selector in (0, 2, 6):
        seeds.add(join(selector, host + v1_files))
        seeds.add(join(selector | 1, host + v2_files))
    write("render_fuzz", seeds)


if __name__ == "__main__":
    main()
