#!/usr/bin/env bash
# memcheck.sh: the daemon under valgrind memcheck while readers in a limited
# cgroup v1 group read every file in parallel, and a SIGUSR1 reload swaps the
# library mid-way. A reply sent from memory another thread frees (a release
# racing a read, a re-render, an unloaded generation) is timing-dependent,
# so the sanitized runs can miss it; memcheck sees every invalid access.
# Fails on any memcheck error, a definite leak, or a failed read.
#
# usage: tests/suites/memcheck.sh [ROUNDS]   (default 20 rounds per reader)
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS="${1:-20}"
READERS=4
FILES=(proc/meminfo proc/cpuinfo proc/stat proc/uptime proc/diskstats proc/swaps
       proc/slabinfo proc/loadavg proc/pressure/cpu proc/pressure/io proc/pressure/memory
       sys/devices/system/cpu/online sys/devices/system/cpu/present
       sys/devices/system/cpu/possible)
CONTROLLERS=(memory cpu cpuacct cpuset blkio)

bazel build //frontends/fuse:procviewfs //lib/procview/abi:libprocview.so
BIN="$(bazel info bazel-bin)"
if ! command -v valgrind >/dev/null; then
  echo "valgrind missing (third_party/install_deps.sh)" >&2
  exit 1
fi

WORK="$(mktemp -d /tmp/pvmemcheck.XXXXXX)"
MOUNT="$WORK/mnt"
GROUP="pvmemcheck-$$"
DAEMON_PID=""
mkdir -p "$MOUNT" "$WORK/run"

cleanup() {
  set +e
  [[ -n "$DAEMON_PID" ]] && kill -TERM "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID"
  fusermount3 -u -z "$MOUNT" 2>/dev/null
  for c in "${CONTROLLERS[@]}"; do
    for _ in $(seq 50); do
      [[ -d "/sys/fs/cgroup/$c/$GROUP" ]] || break
      xargs -r kill -KILL <"/sys/fs/cgroup/$c/$GROUP/cgroup.procs" 2>/dev/null
      rmdir "/sys/fs/cgroup/$c/$GROUP" 2>/dev/null || sleep 0.1
    done
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The readers' container: 256M, one CPU of quota.
source bench/reader_group.sh
make_reader_group "$GROUP" $((256 << 20)) 100000

valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite --log-file="$WORK/memcheck.log" \
  "$BIN/frontends/fuse/procviewfs" -f --runtime-dir "$WORK/run" \
  --library "$BIN/lib/procview/abi/libprocview.so" "$MOUNT" >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 600); do
  mountpoint -q "$MOUNT" && [[ -e "$MOUNT/proc/meminfo" ]] && break
  kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/daemon.log" "$WORK/memcheck.log" >&2; exit 1; }
  sleep 0.1
done
mountpoint -q "$MOUNT" || { echo "daemon did not mount" >&2; exit 1; }

# Each reader joins the group, then reads every file ROUNDS times, some
# with small reads (several FUSE reads per open); any failed read counts.
reader() {
  for p in "${JOIN[@]}"; do echo "$BASHPID" > "$p"; done
  local bad=0
  for ((r = 0; r < ROUNDS; r++)); do
    for f in "${FILES[@]}"; do
      if ((r % 2)); then
        dd if="$MOUNT/$f" bs=256 status=none of=/dev/null || bad=$((bad + 1))
      else
        [[ -s "$MOUNT/$f" ]] && cat "$MOUNT/$f" >/dev/null || bad=$((bad + 1))
      fi
    done
  done
  echo "$bad" > "$WORK/bad.$BASHPID"
}
pids=()
for ((i = 0; i < READERS; i++)); do reader & pids+=($!); done
sleep 3
kill -USR1 "$DAEMON_PID"  # reload the library while the readers read
for _ in $(seq 300); do
  grep -q "library generation 2 loaded" "$WORK/daemon.log" && break
  sleep 0.1
done
reloaded=$(grep -c "library generation 2 loaded" "$WORK/daemon.log" || true)
for p in "${pids[@]}"; do wait "$p"; done

kill -TERM "$DAEMON_PID"
status=0
wait "$DAEMON_PID" || status=$?
DAEMON_PID=""
failed_reads=$(cat "$WORK"/bad.* | awk '{s += $1} END {print s + 0}')
grep -E "ERROR SUMMARY|definitely lost|Invalid" "$WORK/memcheck.log" | head -20
echo "memcheck: daemon exit $status, $failed_reads failed reads of $((READERS * ROUNDS * ${#FILES[@]}))"
[[ $reloaded -ge 1 ]] || echo "memcheck: the reload did not happen" >&2
if [[ $status -ne 0 || $failed_reads -ne 0 || $reloaded -lt 1 ]]; then
  cat "$WORK/memcheck.log" >&2
  exit 1
fi
