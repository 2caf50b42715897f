#!/usr/bin/env bash
# instructions_per_read.sh: the daemons' user-space instructions per read,
# counted by valgrind's callgrind (repeatable on a noisy machine, unlike time).
#
# Runs procviewfs (with the real libprocview.so) and floorfs under callgrind,
# one after the other, and for each file has a reader in a limited cgroup v1
# group do N reads, then 2N reads, dumping the counters after each batch:
# instructions/read = (I(2N) - I(N)) / N, which cancels startup and the fixed
# cost of a dump. Needs root and /dev/fuse.
#
# With -s K1,K2,... it also measures proc/meminfo read by K containers at once
# (K reader processes, each in its own limited groups, one read each per
# batch: batches of K and 2K reads), to see whether the per-read cost grows
# with the number of containers.
#
# usage: bench/instructions_per_read.sh [-n N] [-s K,...] [-b BIN_DIR] [-l LIBRARY] [-k] [FILE...]
#   FILE      paths under the mount (default: every file procview serves)
#   -n N      reads per batch (default 100)
#   -s K,...  container counts for the scaling measurement (e.g. 1,1000; default none)
#   -b DIR    where the built binaries are (default: bazel-bin of this workspace)
#   -l LIB    the library procviewfs loads (default DIR/lib/procview/abi/libprocview.so)
#   -k        keep the callgrind output files (for callgrind_annotate) and print where
set -euo pipefail

N=100
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${HERE}/../bazel-bin"
LIB=""
KEEP=0
SCALE=""
while getopts "n:s:b:l:k" opt; do
  case "$opt" in
    n) N="$OPTARG" ;;
    s) SCALE="$OPTARG" ;;
    b) BIN="$OPTARG" ;;
    l) LIB="$OPTARG" ;;
    k) KEEP=1 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
LIB="${LIB:-${BIN}/lib/procview/abi/libprocview.so}"
PROCVIEWFS="${BIN}/frontends/fuse/procviewfs"
FLOORFS="${BIN}/bench/e2e/floorfs"
READER="${BIN}/bench/e2e/reader"
FILES=("$@")
if [[ ${#FILES[@]} -eq 0 ]]; then
  FILES=(proc/meminfo proc/cpuinfo proc/stat proc/uptime proc/diskstats proc/swaps
         proc/slabinfo proc/loadavg proc/pressure/cpu proc/pressure/io proc/pressure/memory
         sys/devices/system/cpu/online)
fi
for f in "$PROCVIEWFS" "$FLOORFS" "$READER" "$LIB"; do
  [[ -e "$f" ]] || { echo "missing $f (bazel build //bench/e2e:read_bench)" >&2; exit 2; }
done
command -v valgrind >/dev/null || { echo "valgrind missing (third_party/install_deps.sh)" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "needs root" >&2; exit 2; }

WORK="$(mktemp -d /tmp/pvbench-ipr.XXXXXX)"
GROUP="pvbench-ipr-$$"
CONTROLLERS=(memory cpu cpuacct cpuset blkio)
DAEMON_PID=""
MOUNT=""

cleanup() {
  set +e
  if [[ -n "$DAEMON_PID" ]]; then
    kill -TERM "$DAEMON_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DAEMON_PID" 2>/dev/null
  fi
  [[ -n "$MOUNT" ]] && fusermount3 -u -z "$MOUNT" 2>/dev/null
  for c in "${CONTROLLERS[@]}"; do
    top="/sys/fs/cgroup/$c/$GROUP"
    [[ -d "$top" ]] || continue
    # Kill what is left inside, then remove deepest first (the scaling
    # groups, then the reader's group), retrying while tasks exit.
    for _ in $(seq 50); do
      cat $(find "$top" -name cgroup.procs) 2>/dev/null | xargs -r kill -KILL 2>/dev/null
      find "$top" -depth -type d -exec rmdir {} + 2>/dev/null
      [[ -d "$top" ]] || break
      sleep 0.1
    done
  done
  if [[ $KEEP -eq 1 ]]; then echo "callgrind files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The reader's container: 512M memory limit, 1.5 CPUs of quota, all CPUs.
source "${HERE}/reader_group.sh"
make_reader_group "$GROUP" $((512 << 20)) 150000
JOIN_ARG="$(IFS=,; echo "${JOIN[*]}")"
# Some direct I/O from inside, so the container's diskstats is not empty.
sh -c "for p in ${JOIN[*]}; do echo \$\$ > \$p; done
       dd if=/dev/zero of=$WORK/io bs=4k count=16 oflag=direct 2>/dev/null
       dd if=$WORK/io of=/dev/null bs=4k iflag=direct 2>/dev/null" || true
rm -f "$WORK/io"

# Instructions counted in the dump with description $1 (summary line).
count_of_dump() {  # $1: dump file
  awk '/^summary:/ {print $2}' "$1"
}

# Starts "$@" under callgrind with its mount at $MOUNT; waits for the mount.
start_daemon() {
  local fstype="$1"; shift
  rm -f "$WORK"/cg.out*
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" --dump-instr=no \
    --vgdb=yes "$@" >"$WORK/daemon.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 600); do
    if awk -v m="$MOUNT" '$5 == m {for (i = 7; $i != "-"; i++); print $(i + 1)}' \
        /proc/self/mountinfo | grep -qx "$fstype"; then
      return 0
    fi
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "daemon did not mount:" >&2; cat "$WORK/daemon.log" >&2; exit 1
}

stop_daemon() {
  kill -TERM "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=""
  fusermount3 -u -z "$MOUNT" 2>/dev/null || true
}

# The newest dump file of the running daemon.
last_dump() { ls -1v "$WORK"/cg.out.* | tail -n 1; }

# Reads $1 (a path) N times then 2N times; prints instructions per read.
measure() {
  local path="$1" expect="$2" a b
  "$READER" --mode=open --threads=1 --reads=3 --expect="$expect" --join="$JOIN_ARG" "$path" >/dev/null
  callgrind_control -z "$DAEMON_PID" >/dev/null 2>&1
  "$READER" --mode=open --threads=1 --reads="$N" --expect="$expect" --join="$JOIN_ARG" "$path" >/dev/null
  callgrind_control --dump="N" "$DAEMON_PID" >/dev/null 2>&1
  a=$(count_of_dump "$(last_dump)")
  "$READER" --mode=open --threads=1 --reads=$((2 * N)) --expect="$expect" --join="$JOIN_ARG" "$path" >/dev/null
  callgrind_control --dump="2N" "$DAEMON_PID" >/dev/null 2>&1
  b=$(count_of_dump "$(last_dump)")
  if [[ $KEEP -eq 1 ]]; then cp "$(last_dump)" "$WORK/$(echo "$path" | tr / _).$TARGET.callgrind"; fi
  echo $(((b - a) / N))
}

expect_of() {
  case "$1" in
    proc/meminfo) echo "MemTotal:" ;;
    proc/cpuinfo) echo "processor" ;;
    proc/stat) echo "cpu " ;;
    proc/swaps) echo "Filename" ;;
    proc/slabinfo) echo "slabinfo - version" ;;
    proc/pressure/*) echo "some " ;;
    sys/devices/system/cpu/*) echo "0" ;;
    *) echo "" ;;
  esac
}
floor_name() { echo "$1" | tr / _; }

declare -A PV FLOOR
MOUNT="$WORK/pv"; mkdir -p "$MOUNT" "$WORK/run"
TARGET=procviewfs
start_daemon fuse.procview "$PROCVIEWFS" -f --runtime-dir "$WORK/run" --library "$LIB" "$MOUNT"
case "$LIB" in *fake*) FAKE=1 ;; *) FAKE=0 ;; esac
for f in "${FILES[@]}"; do
  [[ -e "$MOUNT/$f" ]] || continue
  if [[ $FAKE -eq 1 ]]; then e="$f line 0"; else e="$(expect_of "$f")"; fi
  PV[$f]=$(measure "$MOUNT/$f" "$e")
done
# Scaling: K containers, one read each per batch.
SCALE_CONTROLLERS=(memory cpu cpuacct cpuset)
MADE=0
declare -A SCALED
if [[ -n "$SCALE" ]]; then
  echo 1 > "/sys/fs/cgroup/cpuset/$GROUP/cgroup.clone_children"
  for c in "${SCALE_CONTROLLERS[@]}"; do mkdir -p "/sys/fs/cgroup/$c/$GROUP/s"; done
  TEMPLATES="$(for c in "${SCALE_CONTROLLERS[@]}"; do
    printf '%s,' "/sys/fs/cgroup/$c/$GROUP/s/c%d/cgroup.procs"; done)"
  for k in ${SCALE//,/ }; do
    while [[ $MADE -lt $k ]]; do
      for c in "${SCALE_CONTROLLERS[@]}"; do mkdir "/sys/fs/cgroup/$c/$GROUP/s/c$MADE"; done
      echo $((512 << 20)) > "/sys/fs/cgroup/memory/$GROUP/s/c$MADE/memory.limit_in_bytes"
      MADE=$((MADE + 1))
    done
    e="$(expect_of proc/meminfo)"; [[ $FAKE -eq 1 ]] && e="proc/meminfo line 0"
    run_k() { "$READER" --mode=open --processes="$k" --reads="$1" --expect="$e" \
                --join-template="$TEMPLATES" "$MOUNT/proc/meminfo" >/dev/null; }
    # vgdb must stop every daemon thread; with hundreds of FUSE worker
    # threads it can fail: report that K and stop scaling.
    if ! { run_k 1 && callgrind_control -z "$DAEMON_PID" >/dev/null 2>&1 &&
           run_k 1 && callgrind_control --dump="K" "$DAEMON_PID" >/dev/null 2>&1 &&
           a=$(count_of_dump "$(last_dump)") &&
           run_k 2 && callgrind_control --dump="2K" "$DAEMON_PID" >/dev/null 2>&1 &&
           b=$(count_of_dump "$(last_dump)"); }; then
      echo "scaling measurement failed at K=$k (reader or callgrind_control)" >&2
      break
    fi
    SCALED[$k]=$(((b - a) / k))
  done
fi
stop_daemon

MOUNT="$WORK/floor"; mkdir -p "$MOUNT"
TARGET=floorfs
ARGS=()
for f in "${FILES[@]}"; do [[ -e "/$f" ]] && ARGS+=("$(floor_name "$f")=/$f"); done
start_daemon fuse.floorfs "$FLOORFS" "$MOUNT" "${ARGS[@]}"
for f in "${FILES[@]}"; do
  [[ -e "/$f" ]] || continue
  FLOOR[$f]=$(measure "$MOUNT/$(floor_name "$f")" "$(expect_of "$f")")
done
stop_daemon

printf "%-32s %14s %14s %8s\n" "file ($N and $((2 * N)) reads)" "procviewfs" "floor" "ratio"
for f in "${FILES[@]}"; do
  [[ -n "${PV[$f]:-}" ]] || continue
  fl="${FLOOR[$f]:-0}"
  ratio="-"; [[ "$fl" -gt 0 ]] && ratio=$(awk -v a="${PV[$f]}" -v b="$fl" 'BEGIN {printf "%.1f", a / b}')
  printf "%-32s %14s %14s %8s\n" "$f" "${PV[$f]}" "$fl" "$ratio"
done
echo "(daemon user-space instructions per read: open + read to EOF + close; target <= 20000)"
if [[ -n "$SCALE" ]]; then
  printf "\n%-32s %14s %8s\n" "proc/meminfo, K containers" "procviewfs" "vs K=${SCALE%%,*}"
  first="${SCALED[${SCALE%%,*}]}"
  for k in ${SCALE//,/ }; do
    [[ -n "${SCALED[$k]:-}" ]] || continue
    printf "%-32s %14s %8s\n" "K=$k" "${SCALED[$k]}" \
      "$(awk -v a="${SCALED[$k]}" -v b="$first" 'BEGIN {printf "%.2f", a / b}')"
  done
fi
