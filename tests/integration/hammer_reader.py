"""hammer_reader.py: one reader process for procviewfs stress tests.

Reads the given files over and over until a deadline or an iteration count,
in several ways (whole read, odd chunk sizes, pread at offsets of one open
file, re-read of a kept-open file from offset 0), and checks every result.
Prints one line "ok READS" or "FAIL <why>" and exits 0 or 1. SIGTERM
ends the run early (still "ok" if every read so far was right).

--check fake: exact check of the fake library's self-describing files.
--check real: shape checks of real files (non-empty, whole lines, keys).
"""

import argparse
import os
import random
import re
import signal
import sys
import time


def check_fake(relpath, text, pid):
    """The fake facade's files: "<path> line <i> pid <pid>" lines and a
    final "end <bytes before>" line; swaps reports options."""
    if relpath == "proc/swaps":
        if not re.fullmatch(r"swap=\d cfs=\d loadavg=\d proc_root=\S+ sys_root=\S+ "
                            r"cgroup_root=\S+\n", text):
            return "bad swaps %r" % text[:200]
        return None
    if not text.endswith("\n"):
        return "no trailing newline (%d bytes)" % len(text)
    lines = text[:-1].split("\n")
    end = "end %d" % (len(text) - len(lines[-1]) - 1)
    if lines[-1] != end:
        return "last line %r, want %r" % (lines[-1][:80], end)
    for i, line in enumerate(lines[:-1]):
        want = "%s line %d pid %d" % (relpath, i, pid)
        if line != want:
            return "line %d is %r, want %r" % (i, line[:80], want)
    return None


REAL_SHAPES = {
    "meminfo": r"MemTotal:\s+\d+ kB\n",
    "cpuinfo": r"processor\s*:",
    "stat": r"cpu ",
    "uptime": r"\d+\.\d+ \d+\.\d+\n",
    "loadavg": r"\d+\.\d+ \d+\.\d+ \d+\.\d+ \d+/\d+ \d+\n",
    "swaps": r"Filename",
    "online": r"\d",
    "present": r"\d",
    "possible": r"\d",
}


def check_real(relpath, text, pid):
    del pid
    if "\0" in text:
        return "NUL byte"
    name = os.path.basename(relpath)
    if name in ("diskstats", "slabinfo") or relpath.startswith("proc/pressure/"):
        if text and not text.endswith("\n"):
            return "partial last line"
        return None
    if not text.endswith("\n"):
        return "empty or partial last line: %r" % text[-80:]
    shape = REAL_SHAPES.get(name)
    if shape and not re.match(shape, text):
        return "does not start like %s: %r" % (name, text[:120])
    return None


def read_all(fd, chunk):
    parts = []
    while True:
        part = os.read(fd, chunk)
        if not part:
            return b"".join(parts).decode()
        parts.append(part)


def one_round(path, mode, rng):
    """Reads `path` once in `mode`; returns (text, error or None)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if mode == "whole":
            return read_all(fd, 1 << 20), None
        if mode == "chunks":
            return read_all(fd, rng.choice([1, 3, 17, 100, 4095, 4097])), None
        if mode == "pread":
            # A snapshot read whole, then slices of the same open file at
            # offsets > 0 (served from the same buffer) must match it.
            text = read_all(fd, 1 << 20).encode()
            for _ in range(8):
                offset = rng.randrange(1, len(text) + 2) if text else 1
                size = rng.choice([1, 10, 500, 5000])
                got = os.pread(fd, size, offset)
                if got != text[offset:offset + size]:
                    return None, "pread(%d, %d) differs from the whole read" % (offset, size)
            return text.decode(), None
        if mode == "reread":
            # Same open file, read from offset 0 again: fresh and whole.
            read_all(fd, 1 << 20)
            os.lseek(fd, 0, os.SEEK_SET)
            return read_all(fd, 1 << 20), None
        raise ValueError(mode)
    finally:
        os.close(fd)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", choices=["fake", "real"], required=True)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=0,
                        help="read until this many seconds passed (overrides iterations)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mount", required=True, help="the procviewfs mount point")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    check = check_fake if args.check == "fake" else check_real
    rng = random.Random(args.seed or os.getpid())
    pid = os.getpid()
    reads = 0
    deadline = time.monotonic() + args.seconds if args.seconds else None
    stop = []
    # SIGTERM ends the run after the current read, still reporting "ok".
    signal.signal(signal.SIGTERM, lambda signo, frame: stop.append(signo))
    i = 0
    while not stop and ((deadline is None and i < args.iterations) or
                        (deadline is not None and time.monotonic() < deadline)):
        i += 1
        path = args.files[i % len(args.files)]
        mode = rng.choice(["whole", "chunks", "pread", "reread"])
        try:
            text, error = one_round(path, mode, rng)
        except OSError as e:
            text, error = None, "%s: %s" % (type(e).__name__, e)
        if error is None:
            error = check(os.path.relpath(path, args.mount), text, pid)
        if error is not None:
            print("FAIL %s (%s, read %d): %s" % (path, mode, i, error), flush=True)
            return 1
        reads += 1
    print("ok %d" % reads, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
