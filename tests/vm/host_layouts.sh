#!/usr/bin/env bash
# host_layouts.sh: `procview cat --pid` on this host's own cgroups, seen
# through two cgroup roots: the host's /sys/fs/cgroup as it is (hybrid: v1
# controllers plus cgroup2 at unified/, when the host has that) and a pure
# v1 root (the same v1 hierarchies bind-mounted into a directory with no
# cgroup2, in a private mount namespace). With the VM's pure v2 run, every
# layout is covered. Needs root and v1 memory and cpuset hierarchies; exits 0
# with a note when the host has none (a pure v2 host).
# Usage: host_layouts.sh PATH_TO_PROCVIEW
set -euo pipefail

procview=$(realpath "$1")
cgroot=/sys/fs/cgroup
name="pv-layouts-$$"
failures=0
reader=""
v1root=""

if [[ ! -f $cgroot/memory/memory.limit_in_bytes || ! -f $cgroot/cpuset/cpuset.cpus ]]; then
  echo "host_layouts: no cgroup v1 memory/cpuset hierarchies here; skipped"
  exit 0
fi

# Groups under this shell's own group in each hierarchy (never someone else's).
own() { awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup; }
mem_group="$(own memory)/$name"
cpuset_group="$(own cpuset)/$name"
mem_group=${mem_group#/}; cpuset_group=${cpuset_group#/}

cleanup() {
  set +e
  [[ -n $reader ]] && { kill -KILL "$reader" 2>/dev/null; wait "$reader" 2>/dev/null; }
  [[ -n $v1root ]] && rmdir "$v1root" 2>/dev/null
  local g
  for g in "memory/$mem_group" "cpuset/$cpuset_group"; do
    for _ in $(seq 50); do [[ -d $cgroot/$g ]] || break; rmdir "$cgroot/$g" 2>/dev/null && break; sleep 0.1; done
  done
  return 0
}
trap cleanup EXIT

mkdir "$cgroot/memory/$mem_group" "$cgroot/cpuset/$cpuset_group"
echo $((200 << 20)) >"$cgroot/memory/$mem_group/memory.limit_in_bytes"
cat "$cgroot/cpuset/$(dirname "$cpuset_group")/cpuset.mems" >"$cgroot/cpuset/$cpuset_group/cpuset.mems"
cpu=$(( $(nproc --all) > 1 ? 1 : 0 ))
echo "$cpu" >"$cgroot/cpuset/$cpuset_group/cpuset.cpus"
sh -c "echo \$\$ >$cgroot/memory/$mem_group/cgroup.procs &&
       echo \$\$ >$cgroot/cpuset/$cpuset_group/cgroup.procs && exec sleep 120" &
reader=$!
sleep 0.3

# check_root LAYOUT [ROOT]: what the CLI shows the reader through ROOT.
check_root() {
  local layout=$1 args=()
  [[ $# -ge 2 ]] && args=(--cgroup-root "$2")
  local total online
  total=$("$procview" cat "${args[@]}" --pid "$reader" meminfo | awk '$1 == "MemTotal:" {print $2}')
  online=$("$procview" cat "${args[@]}" --pid "$reader" online)
  if [[ $total == $((200 << 10)) ]]; then echo "ok: $layout: MemTotal is the 200M limit"
  else echo "FAIL: $layout: MemTotal expected $((200 << 10)) kB, got '$total'"; failures=$((failures + 1)); fi
  if [[ $online == 0 ]]; then echo "ok: $layout: online is 0 (cpuset $cpu)"
  else echo "FAIL: $layout: online expected '0', got '$online'"; failures=$((failures + 1)); fi
}

if [[ $(stat -f -c %T "$cgroot/unified" 2>/dev/null) == cgroup2fs ]]; then
  check_root "hybrid host ($cgroot, cgroup2 at unified/)"
else
  check_root "host ($cgroot)"
fi

# Pure v1: only the v1 hierarchies, in a mount namespace of our own.
export -f check_root
v1root=$(mktemp -d /tmp/pv-v1root.XXXXXX)
export procview reader cpu failures v1root
v1=$(unshare -m bash -c '
  set -e
  mount --make-rprivate /
  root=$v1root
  mount -t tmpfs pv-v1root "$root"
  for d in /sys/fs/cgroup/*/; do
    d=${d%/}
    [[ $(stat -f -c %T "$d") == cgroup2fs ]] && continue
    mkdir "$root/$(basename "$d")"
    mount --bind "$d" "$root/$(basename "$d")"
  done
  check_root "pure v1 (v1 hierarchies only)" "$root"
  echo "failures=$failures"')
echo "$v1" | grep -v '^failures='
failures=$((failures + $(sed -n 's/^failures=//p' <<<"$v1")))
echo "host_layouts: $failures failed"
[[ $failures -eq 0 ]]
