#!/usr/bin/env bash
# cli_cgroup_v1_test.sh: `procview cat --pid` against real cgroup v1 groups.
#
# Makes its own cgroups (memory limit 256M, cpuset one CPU, cpu and cpuacct),
# starts a process in them and checks that the CLI shows that process a
# 256 MiB machine with one CPU that booted when the process started. Then
# checks that a reader in a new pid namespace resolves to that namespace's
# init. Needs root and cgroup v1 controllers at /sys/fs/cgroup/<controller>.
# Usage: cli_cgroup_v1_test.sh PATH_TO_PROCVIEW
set -euo pipefail

procview=$(realpath "$1")
name="pvtest-cli-$$"
cgroot=/sys/fs/cgroup
controllers=(memory cpuset cpu cpuacct)
started=()
failures=0

cleanup() {
  local pid controller
  for pid in "${started[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
  for controller in "${controllers[@]}"; do
    [[ -d "$cgroot/$controller/$name" ]] || continue
    # rmdir fails while a killed task is still being reaped: retry briefly.
    for _ in $(seq 50); do rmdir "$cgroot/$controller/$name" 2>/dev/null && break; sleep 0.1; done
  done
}
trap cleanup EXIT

check() {  # check DESCRIPTION COMMAND...: runs a test command, counts failures
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

for controller in "${controllers[@]}"; do
  if [[ ! -d "$cgroot/$controller" ]]; then
    echo "no cgroup v1 $controller controller at $cgroot/$controller"; exit 1
  fi
  mkdir "$cgroot/$controller/$name"
done
echo $((256 * 1024 * 1024)) > "$cgroot/memory/$name/memory.limit_in_bytes"
cpu=$(( $(nproc --all) > 1 ? 1 : 0 ))
echo 0 > "$cgroot/cpuset/$name/cpuset.mems"
echo "$cpu" > "$cgroot/cpuset/$name/cpuset.cpus"

# The reader joins every group before it execs, so the groups are its own
# from its first instruction.
join="for c in ${controllers[*]}; do echo \$\$ > $cgroot/\$c/$name/cgroup.procs; done"
sh -c "$join; exec sleep 300" &
reader=$!
started+=("$reader")
sleep 0.3

cat_for() { "$procview" cat --pid "$reader" "$@"; }

meminfo=$(cat_for /proc/meminfo)
check "MemTotal is the 256M limit" \
  grep -Eq '^MemTotal: +262144 kB$' <<<"$meminfo"

cpuinfo=$(cat_for proc/cpuinfo)
check "cpuinfo shows exactly one processor" \
  test "$(grep -c '^processor' <<<"$cpuinfo")" -eq 1

online=$(cat_for online)
check "online is 0 (got '$online')" test "$online" = 0

read -r container_up _ < <(cat_for uptime)
read -r host_up _ < /proc/uptime
check "uptime $container_up < host $host_up" \
  awk -v c="$container_up" -v h="$host_up" 'BEGIN { exit !(c < h) }'
check "uptime $container_up < 60 s" awk -v c="$container_up" 'BEGIN { exit !(c < 60) }'

explain=$(cat_for --explain meminfo 2>&1 >/dev/null)
check "--explain names the container ($explain)" \
  grep -q "container init $reader, cgroup /$name" <<<"$explain"

set +e
"$procview" cat --pid "$reader" vmstat 2>/dev/null; code_file=$?
"$procview" cat --pid 4194305 meminfo 2>/dev/null; code_pid=$?
"$procview" cat 2>/dev/null; code_usage=$?
set -e
check "unknown file exits 2 (got $code_file)" test "$code_file" -eq 2
check "missing pid exits 3 (got $code_pid)" test "$code_pid" -eq 3
check "usage error exits 1 (got $code_usage)" test "$code_usage" -eq 1

# A reader in a new pid namespace: `unshare --fork` makes a child that is
# the namespace's init; its child `sleep` is the reader.
unshare --pid --fork --mount-proc sh -c 'sleep 300 & wait' &
unshare_pid=$!
started+=("$unshare_pid")
ns_init=""
for _ in $(seq 100); do
  ns_init=$(pgrep -P "$unshare_pid" -x sh || true)
  [[ -n "$ns_init" ]] && ns_reader=$(pgrep -P "$ns_init" -x sleep || true)
  [[ -n "${ns_reader:-}" ]] && break
  sleep 0.05
done
[[ -n "$ns_init" ]] && started+=("$ns_init")  # killing it ends the namespace
check "found the namespaced reader" test -n "${ns_reader:-}"
if [[ -n "${ns_reader:-}" ]]; then
  explain=$("$procview" cat --explain --pid "$ns_reader" meminfo 2>&1 >/dev/null)
  check "namespaced reader resolves to its init $ns_init ($explain)" \
    grep -q "container init $ns_init," <<<"$explain"
fi

echo "$failures failed"
[[ $failures -eq 0 ]]
