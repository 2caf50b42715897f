# guest_lib.sh: helpers for test scripts that run inside the VM (bash):
# result counting, cgroup v2 groups, a procviewfs mount and "containers"
# (a process in a cgroup whose mount namespace has the procview files
# bind-mounted over /proc, as a container runtime does with LXCFS).

readonly CGROOT=/sys/fs/cgroup
readonly PV_BIN=/opt/pv/bin

passes=0
failures=0

pass() { passes=$((passes + 1)); echo "PASS: $*"; }
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

# expect_eq WHAT EXPECTED GOT
expect_eq() {
  if [[ "$2" == "$3" ]]; then pass "$1 == $2"; else fail "$1: expected '$2', got '$3'"; fi
}

# expect_cmp WHAT A OP B: integer comparison (OP is -lt, -le, -gt, -ge, -ne).
expect_cmp() {
  if [[ "$2" =~ ^-?[0-9]+$ && "$4" =~ ^-?[0-9]+$ ]] && [ "$2" "$3" "$4" ]; then
    pass "$1: $2 $3 $4"
  else
    fail "$1: expected $2 $3 $4"
  fi
}

# expect_match WHAT REGEX TEXT
expect_match() {
  if [[ "$3" =~ $2 ]]; then pass "$1 matches /$2/"; else fail "$1: '$3' does not match /$2/"; fi
}

# finish: prints the tally; the script's exit code is nonzero on any failure.
finish() {
  echo "RESULT: $passes passed, $failures failed"
  [[ $failures -eq 0 && $passes -gt 0 ]]
}

# ---- cgroups ----

# cg_make GROUP [CONTROLLERS]: creates /sys/fs/cgroup/GROUP and every missing
# ancestor, enabling CONTROLLERS (default: all the root offers) in each
# ancestor's subtree_control so GROUP has their interface files.
cg_make() {
  local group=$1 controllers=${2:-$(cat "$CGROOT/cgroup.subtree_control")}
  local path=$CGROOT part c parts
  IFS=/ read -r -a parts <<<"$group"
  for part in "${parts[@]}"; do
    [[ -z "$part" ]] && continue
    for c in $controllers; do
      echo "+$c" >"$path/cgroup.subtree_control" 2>/dev/null || true
    done
    path=$path/$part
    mkdir -p "$path"
  done
}

# cg_set GROUP FILE VALUE: writes one interface file; fails the check if the
# kernel refuses.
cg_set() {
  if ! echo "$3" >"$CGROOT/$1/$2"; then
    fail "write '$3' to $1/$2"
    return 1
  fi
}

cg_get() { cat "$CGROOT/$1/$2"; }

# cg_remove GROUP: kills what is left in GROUP and its children, then
# removes them deepest first.
cg_remove() {
  local dir
  for dir in $(find "$CGROOT/$1" -depth -type d 2>/dev/null); do
    if [[ -f "$dir/cgroup.kill" ]]; then echo 1 >"$dir/cgroup.kill" 2>/dev/null || true; fi
  done
  sleep 0.2
  for dir in $(find "$CGROOT/$1" -depth -type d 2>/dev/null); do
    rmdir "$dir" 2>/dev/null || true
  done
}

# ---- procviewfs ----

PV_MOUNT=""
PV_DAEMON_PID=""

# mounted_fuse DIR: whether a procviewfs mount is on DIR (the fstype follows
# the "-" that ends mountinfo's optional fields).
mounted_fuse() {
  awk -v m="$1" '$5 == m { for (i = 7; $i != "-"; i++) {}; if ($(i + 1) == "fuse.procview") f = 1 }
                 END { exit !f }' /proc/self/mountinfo
}

# pv_start MOUNTPOINT LIBRARY [ARGS...]: starts procviewfs in the foreground
# (in the background of this shell) and waits up to 30 s for the mount.
pv_start() {
  local mnt=$1 library=$2; shift 2
  mkdir -p "$mnt" /run/procview
  "$PV_BIN/procviewfs" -f --runtime-dir /run/procview --library "$library" "$@" "$mnt" \
      >/tmp/procviewfs.log 2>&1 &
  PV_DAEMON_PID=$!
  PV_MOUNT=$mnt
  local i
  for i in $(seq 300); do
    mounted_fuse "$mnt" && return 0
    kill -0 "$PV_DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "procviewfs did not mount $mnt:"
  cat /tmp/procviewfs.log
  return 1
}

# pv_stop: SIGTERM, wait, and make sure the mount is gone.
pv_stop() {
  [[ -n "$PV_DAEMON_PID" ]] || return 0
  kill -TERM "$PV_DAEMON_PID" 2>/dev/null
  wait "$PV_DAEMON_PID" 2>/dev/null
  mounted_fuse "$PV_MOUNT" && { fusermount3 -u -z "$PV_MOUNT" || umount -l "$PV_MOUNT"; }
  PV_DAEMON_PID=""
}

# Files a container gets from the mount (LXCFS layout), relative to it.
readonly PV_FILES="proc/meminfo proc/cpuinfo proc/stat proc/uptime proc/diskstats proc/swaps
  proc/slabinfo proc/loadavg proc/pressure/cpu proc/pressure/io proc/pressure/memory
  sys/devices/system/cpu/online sys/devices/system/cpu/present sys/devices/system/cpu/possible"

# in_container GROUP SCRIPT: runs the bash code SCRIPT in cgroup GROUP, in a
# new mount and pid namespace with a fresh /proc and the procview files of
# PV_MOUNT bind-mounted over the real ones. Prints SCRIPT's output.
in_container() {
  local group=$1 code=$2 binds="" f
  for f in $PV_FILES; do
    binds+="[ -e '$PV_MOUNT/$f' ] && mount --bind '$PV_MOUNT/$f' '/$f';"
  done
  bash -c "echo \$\$ >'$CGROOT/$group/cgroup.procs' &&
           exec unshare -m -p -f --mount-proc bash -c \"\$0\"" \
       "$binds $code"
}
