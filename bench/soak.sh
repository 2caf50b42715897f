#!/usr/bin/env bash
# Soak: millions of reads of every procview file from many short-lived
# containers while the daemon runs, with containers (cgroup v1 groups with a
# memory limit, in their own pid and mount namespaces) created and destroyed
# underneath. Prints the daemon's RSS and open fds after every round and
# fails if a read failed or came back wrong, or if RSS / fds kept growing.
# Not a timed test: run by hand as root (needs /dev/fuse and cgroup v1).
#
#   bench/soak.sh [TOTAL_READS] [CONTAINERS_PER_ROUND] [ROUNDS]
#   (defaults 2000000 4 20). PROCVIEWFS and LIBPROCVIEW name the daemon and
#   library (default: bazel-bin/frontends/fuse/procviewfs and
#   bazel-bin/lib/procview/abi/libprocview.so; build them first).
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-2000000}
per_round=${2:-4}
rounds=${3:-20}
daemon_bin=$(realpath "${PROCVIEWFS:-bazel-bin/frontends/fuse/procviewfs}")
library=$(realpath "${LIBPROCVIEW:-bazel-bin/lib/procview/abi/libprocview.so}")
reads_per_container=$((total / (per_round * rounds)))
limit=$((256 << 20))

work=$(mktemp -d /tmp/procview-soak.XXXXXX)
mnt=$work/mnt
mkdir -p "$mnt" "$work/run"
daemon_pid=
groups=()
# The group NAME in controller C, under this shell's own group there.
cgdir() {
  local own
  own=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
  echo "/sys/fs/cgroup/$1${own%/}/$2"
}
cleanup() {
  for g in "${groups[@]}"; do
    for c in memory cpu cpuacct cpuset; do
      [[ -d $(cgdir $c "$g") ]] || continue
      xargs -r kill -9 < "$(cgdir $c "$g")/cgroup.procs" 2>/dev/null || true
    done
  done
  sleep 0.2
  for g in "${groups[@]}"; do
    for c in memory cpu cpuacct cpuset; do rmdir "$(cgdir $c "$g")" 2>/dev/null || true; done
  done
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  fusermount3 -u -z "$mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$daemon_bin" -f -l --runtime-dir "$work/run" --library "$library" "$mnt" > "$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
  grep -q " $mnt fuse.procview" /proc/self/mounts && break
  sleep 0.1
done
grep -q " $mnt fuse.procview" /proc/self/mounts || { cat "$work/daemon.log"; exit 1; }

# Reads every file N times (open, read whole, close), checks each text's
# shape, and prints "ok N" or "FAIL why".
reader='
import os, re, sys
n = int(sys.argv[1]); limit_kb = int(sys.argv[2])
files = ["/proc/meminfo", "/proc/cpuinfo", "/proc/stat", "/proc/uptime", "/proc/diskstats",
         "/proc/swaps", "/proc/loadavg", "/sys/devices/system/cpu/online"]
done = 0
while done < n:
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        text = os.read(fd, 1 << 20)
        os.close(fd)
        done += 1
        if not text.endswith(b"\n"):
            print("FAIL partial %s %r" % (path, text[-60:])); sys.exit(1)
        if path == "/proc/meminfo":
            total = int(text.split(b"\n", 1)[0].split()[1])
            if total != limit_kb:
                print("FAIL MemTotal %d kB, want %d" % (total, limit_kb)); sys.exit(1)
print("ok", done)
'

mounts=""
for f in meminfo cpuinfo stat uptime diskstats swaps loadavg; do
  mounts+="mount --bind $mnt/proc/$f /proc/$f; "
done
mounts+="mount --bind $mnt/sys/devices/system/cpu/online /sys/devices/system/cpu/online; "

rss() { awk '/^VmRSS/ {print $2}' "/proc/$daemon_pid/status"; }
fds() { ls "/proc/$daemon_pid/fd" | wc -l; }
echo "round reads_so_far daemon_rss_kB daemon_fds seconds"
start=$SECONDS
reads=0
first_rss=
first_fds=
failed=0
for round in $(seq "$rounds"); do
  pids=()
  outs=()
  groups=()
  for i in $(seq "$per_round"); do
    g="procview-soak-$$-$round-$i"
    groups+=("$g")
    for c in memory cpu cpuacct cpuset; do mkdir "$(cgdir $c "$g")"; done
    for k in cpuset.cpus cpuset.mems; do
      cat "$(dirname "$(cgdir cpuset "$g")")/$k" > "$(cgdir cpuset "$g")/$k"
    done
    echo "$limit" > "$(cgdir memory "$g")/memory.limit_in_bytes"
    out=$work/out.$round.$i
    outs+=("$out")
    join=""
    for c in memory cpu cpuacct cpuset; do join+="echo \$\$ > '$(cgdir $c "$g")/cgroup.procs'; "; done
    sh -c "$join exec unshare --mount --pid --fork --mount-proc --kill-child sh -c '$mounts exec python3 -c \"\$0\" $reads_per_container $((limit >> 10))' \"\$0\"" \
      "$reader" > "$out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  for out in "${outs[@]}"; do
    if ! grep -q '^ok ' "$out"; then failed=1; echo "reader failed: $(head -c 300 "$out")"; fi
  done
  reads=$((reads + per_round * reads_per_container))
  # The containers are gone; remove their cgroups (the daemon may still
  # remember them until its trackers expire them).
  for g in "${groups[@]}"; do
    for c in memory cpu cpuacct cpuset; do rmdir "$(cgdir $c "$g")" 2>/dev/null || true; done
  done
  groups=()
  r=$(rss); f=$(fds)
  [[ -z $first_rss ]] && first_rss=$r && first_fds=$f
  echo "$round $reads $r $f $((SECONDS - start))"
done
echo "reads: $reads in $((SECONDS - start)) s; RSS ${first_rss} -> $(rss) kB; fds ${first_fds} -> $(fds)"
if (( $(rss) > first_rss + 16384 )); then echo "RSS grew by more than 16 MiB"; failed=1; fi
if (( $(fds) > first_fds + 4 )); then echo "fd count grew"; failed=1; fi
exit $failed
