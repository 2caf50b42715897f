#!/usr/bin/env bash
# demo.sh: builds procview, mounts procviewfs, starts a demo container limited
# to 256 MiB and one CPU, and shows what free, nproc, uptime and /proc/cpuinfo
# say inside it next to the host's view. Cleans up everything it made.
#
#   sudo bash frontends/demo.sh [--mount DIR] [--memory SIZE] [--library PATH] [--keep]
#
#   --mount DIR     mount point (default /var/lib/procview)
#   --memory SIZE   container memory limit in bytes or with K/M/G (default 256M)
#   --library PATH  libprocview.so to serve with (default: the one just built)
#   --keep          leave procviewfs mounted at the end
#
# Works with cgroup v1 (memory and cpuset hierarchies) and cgroup v2.
set -euo pipefail

cd "$(dirname "$0")/.."
MOUNT=/var/lib/procview
MEMORY=256M
LIBRARY=""
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mount) MOUNT=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    --library) LIBRARY=$(realpath "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "demo.sh: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root (it mounts FUSE and creates cgroups)"

say "Installing missing Debian packages"
bash third_party/install_deps.sh

say "Building procviewfs and libprocview.so"
bazel build //frontends/fuse:procviewfs //lib/procview/abi:libprocview.so
BIN=$(bazel info bazel-bin 2>/dev/null)
PROCVIEWFS=$BIN/frontends/fuse/procviewfs
[[ -n "$LIBRARY" ]] || LIBRARY=$BIN/lib/procview/abi/libprocview.so

RUNDIR=$(mktemp -d /run/procview-demo.XXXXXX)
PIDFILE=$RUNDIR/procview.pid
CGROUPS=()
CONTAINER_OUT=$RUNDIR/container.txt
HOST_OUT=$RUNDIR/host.txt
CREATED_MOUNT=0

cleanup() {
  local status=$?
  set +e
  for cg in "${CGROUPS[@]}"; do
    # Kill anything still inside, then remove the group.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      [[ -s $cg/cgroup.procs ]] || break
      xargs -r kill -9 < "$cg/cgroup.procs" 2>/dev/null
      sleep 0.1
    done
    rmdir "$cg" 2>/dev/null || echo "demo.sh: could not remove cgroup $cg" >&2
  done
  if [[ $KEEP -eq 0 && -s $PIDFILE ]]; then
    kill -TERM "$(cat "$PIDFILE")" 2>/dev/null
    for _ in $(seq 50); do mountpoint -q "$MOUNT" || break; sleep 0.1; done
  fi
  if [[ $KEEP -eq 0 ]]; then
    mountpoint -q "$MOUNT" && fusermount3 -u -z "$MOUNT"
    [[ $CREATED_MOUNT -eq 1 ]] && rmdir "$MOUNT" 2>/dev/null
    rm -rf "$RUNDIR"
  else
    echo "procviewfs stays mounted on $MOUNT (pid $(cat "$PIDFILE"); stop it with kill -TERM)"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Mounting procviewfs on $MOUNT"
if mountpoint -q "$MOUNT"; then
  # A stale mount of an earlier run (or a dead daemon) would hide ours.
  fusermount3 -u -z "$MOUNT" 2>/dev/null || umount -l "$MOUNT"
fi
[[ -d $MOUNT ]] || { mkdir -p "$MOUNT"; CREATED_MOUNT=1; }
# Without -f procviewfs returns once the mount is ready.
"$PROCVIEWFS" --library "$LIBRARY" --runtime-dir "$RUNDIR" "$MOUNT"
echo "procviewfs pid $(cat "$PIDFILE"), serving:"
(cd "$MOUNT" && find . -type f | sort | sed 's/^\./   /')

say "Creating the demo cgroup: memory $MEMORY, one CPU"
CPU=$(tr ',' '\n' < /sys/devices/system/cpu/online | tail -n1 | cut -d- -f2)
NAME=procview-demo-$$
if [[ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then
  # cgroup v1: a group in the memory and the cpuset hierarchy, each made
  # under this shell's own group there.
  own() { awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup; }
  MEMCG=/sys/fs/cgroup/memory$(own memory | sed 's|/$||')/$NAME
  CPUSETCG=/sys/fs/cgroup/cpuset$(own cpuset | sed 's|/$||')/$NAME
  mkdir "$MEMCG"; CGROUPS+=("$MEMCG")
  mkdir "$CPUSETCG"; CGROUPS+=("$CPUSETCG")
  echo "$MEMORY" > "$MEMCG/memory.limit_in_bytes"
  cat "$(dirname "$CPUSETCG")/cpuset.mems" > "$CPUSETCG/cpuset.mems"
  echo "$CPU" > "$CPUSETCG/cpuset.cpus"
  echo "cgroup v1: $MEMCG (limit $(cat "$MEMCG/memory.limit_in_bytes")), $CPUSETCG (cpus $CPU)"
elif [[ -e /sys/fs/cgroup/cgroup.controllers ]]; then
  # cgroup v2: a group below the root, whose subtree gets the controllers.
  for c in memory cpuset; do
    grep -qw "$c" /sys/fs/cgroup/cgroup.subtree_control ||
      echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control
  done
  CG=/sys/fs/cgroup/$NAME
  mkdir "$CG"; CGROUPS+=("$CG")
  echo "$MEMORY" > "$CG/memory.max"
  echo "$CPU" > "$CG/cpuset.cpus"
  echo "cgroup v2: $CG (memory.max $(cat "$CG/memory.max"), cpus $CPU)"
else
  die "no cgroup filesystem found under /sys/fs/cgroup"
fi

# What both sides run.
SHOW='echo "\$ free -m"; free -m; echo; echo "\$ nproc"; nproc; echo
echo "\$ uptime"; uptime; echo; echo "\$ head -8 /proc/cpuinfo"; head -8 /proc/cpuinfo'

BINDS=""
for f in meminfo cpuinfo stat uptime diskstats swaps slabinfo loadavg \
         pressure/cpu pressure/io pressure/memory; do
  [[ -e $MOUNT/proc/$f && -e /proc/$f ]] && BINDS+="mount --bind $MOUNT/proc/$f /proc/$f"$'\n'
done
for f in online present possible; do
  [[ -e $MOUNT/sys/devices/system/cpu/$f ]] &&
    BINDS+="mount --bind $MOUNT/sys/devices/system/cpu/$f /sys/devices/system/cpu/$f"$'\n'
done

say "Starting the demo container (unshare: new mount and pid namespaces)"
JOIN=""
for cg in "${CGROUPS[@]}"; do JOIN+="echo \$\$ > $cg/cgroup.procs; "; done
sh -c "$JOIN exec unshare --mount --pid --fork --mount-proc sh -c '$BINDS
$SHOW'" > "$CONTAINER_OUT" 2>&1 || { cat "$CONTAINER_OUT"; die "the container failed"; }
sh -c "$SHOW" > "$HOST_OUT" 2>&1

say "Inside the container (left) and on the host (right)"
# Two columns; tabs expanded first so the columns line up.
expand "$CONTAINER_OUT" > "$CONTAINER_OUT.x"
expand "$HOST_OUT" > "$HOST_OUT.x"
HALF=$(awk '{ if (length($0) > w) w = length($0) } END { print (w > 100 ? 100 : w) }' "$CONTAINER_OUT.x")
awk -v w="$HALF" '
  NR == FNR { left[FNR] = $0; n = FNR; next }
  { right[FNR] = $0; m = FNR }
  END {
    for (i = 1; i <= (n > m ? n : m); i++)
      printf("%-" w "s | %s\n", substr(left[i], 1, w), right[i])
  }' "$CONTAINER_OUT.x" "$HOST_OUT.x"

say "Done: the container sees $MEMORY and one CPU; cleaning up"
