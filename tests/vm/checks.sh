# checks.sh: procview on a pure cgroup v2 kernel (run by run_vm.sh inside the
# guest, which has 2 CPUs, a scratch disk /dev/vda and a swap disk /dev/vdb).
#
# Containers are readers in nested cgroups with memory.max, memory.swap.max,
# cpuset.cpus, cpu.max and io.max set, in their own mount and pid namespaces
# with the procview files bind-mounted over /proc and /sys files. Argument 1
# is the libprocview.so to load (a name in /opt/pv/bin).
set -u
. /opt/pv/test/guest_lib.sh
library=$PV_BIN/${1:-libprocview.so}

readonly MiB=$((1 << 20))
disk=$(cat /sys/block/vda/dev)   # MAJ:MIN of the scratch disk

# field NAME: the first number after "NAME:" in meminfo-style text on stdin.
field() { awk -v k="$1:" '$1 == k {print $2; exit}'; }
# line N TEXT: line N of TEXT.
line() { sed -n "$1p" <<<"$2"; }
# section NAME TEXT: the lines of TEXT between "== NAME" and the next "== ".
section() { awk -v s="== $1" '$0 == s {on = 1; next} /^== / {on = 0} on' <<<"$2"; }
# cpu_lines: number of "cpuN" lines in /proc/stat text on stdin.
cpu_lines() { grep -c '^cpu[0-9]'; }
host_meminfo() { field "$1" </proc/meminfo; }

# memsw_limit_kb GROUP: the lowest memory.max + memory.swap.max from GROUP up
# to the root, in kB ("max" when no level limits both).
memsw_limit_kb() {
  local group=$1 low=max m s
  while [[ -n "$group" && "$group" != . ]]; do
    m=$(cg_get "$group" memory.max); s=$(cg_get "$group" memory.swap.max)
    if [[ $m != max && $s != max ]]; then
      local sum=$(((m + s) / 1024))
      [[ $low == max || $sum -lt $low ]] && low=$sum
    fi
    group=$(dirname "$group")
  done
  echo "$low"
}

# burn SECONDS: one busy loop (bash builtins only).
burn() { local end=$((SECONDS + $1)); while ((SECONDS < end)); do :; done; }
export -f burn

echo "== setup: kernel $(uname -r), $(nproc) CPUs"
mkswap /dev/vdb >/dev/null && swapon /dev/vdb || fail "swap on /dev/vdb"
host_swap_kb=$(host_meminfo SwapTotal)
expect_cmp "host has swap" "$host_swap_kb" -gt 0

# pv               memory.max 384M, io.max on the scratch disk
# pv/box           memory.max 200M, memory.swap.max 32M, cpuset 1
# pv/box/leaf      nothing set                       <- container A
# pv/free/leaf     nothing set                       <- container B
# pv/quota         cpuset 0-1, cpu.max 50ms/100ms
# pv/quota/leaf    nothing set                       <- container C
# pv/load, pv/idle nothing set                       <- loadavg containers
# pv/fresh         nothing set, unused until the uptime check
cg_make pv/box/leaf
cg_make pv/free/leaf
cg_make pv/quota/leaf
cg_make pv/load
cg_make pv/idle
cg_make pv/fresh
cg_set pv memory.max $((384 * MiB))
cg_set pv io.max "$disk rbps=$((512 * MiB)) wbps=$((512 * MiB))"
cg_set pv/box memory.max $((200 * MiB))
cg_set pv/box memory.swap.max $((32 * MiB))
cg_set pv/box cpuset.cpus 1
cg_set pv/quota cpuset.cpus 0-1
cg_set pv/quota cpu.max "50000 100000"
expect_eq "io.max took" "$disk rbps=$((512 * MiB)) wbps=$((512 * MiB)) riops=max wiops=max" \
  "$(cg_get pv io.max)"

# ---------------------------------------------------------------- phase 1
echo "== phase 1: procviewfs (default options)"
pv_start /tmp/pv "$library" || { finish; exit; }

# --- memory: limits, swap, free -b
out=$(in_container pv/box/leaf 'echo "== meminfo"; cat /proc/meminfo; echo "== free"; free -b;
                                echo "== swaps"; cat /proc/swaps')
meminfo=$(section meminfo "$out")
free_out=$(section free "$out")
expect_eq "A: MemTotal = leaf's lowest ancestor memory.max (200M)" $((200 * 1024)) \
  "$(field MemTotal <<<"$meminfo")"
expect_eq "A: free -b total = memory.max" $((200 * MiB)) "$(awk '$1 == "Mem:" {print $2}' <<<"$free_out")"
want_swap=$(memsw_limit_kb pv/box/leaf)
[[ $want_swap == max || $want_swap -gt $host_swap_kb ]] && want_swap=$host_swap_kb
expect_eq "A: SwapTotal = min(memory.max + memory.swap.max, host swap)" "$want_swap" \
  "$(field SwapTotal <<<"$meminfo")"
expect_eq "A: free -b swap total = SwapTotal" $((want_swap * 1024)) \
  "$(awk '$1 == "Swap:" {print $2}' <<<"$free_out")"
expect_eq "A: /proc/swaps size = SwapTotal" "$want_swap" \
  "$(awk 'NR > 1 {s += $3} END {print s + 0}' <<<"$(section swaps "$out")")"

out=$(in_container pv/free/leaf 'free -b')
expect_eq "B: unlimited child: free -b total = lowest ancestor limit (384M)" $((384 * MiB)) \
  "$(awk '$1 == "Mem:" {print $2}' <<<"$out")"

# --- memory: anonymous and tmpfs usage show up
out=$(in_container pv/box/leaf '
  mkdir -p /mnt/t && mount -t tmpfs t /mnt/t && dd if=/dev/zero of=/mnt/t/f bs=1M count=48 2>/dev/null
  # dd holds its 64M buffer (filled, so resident) while blocked on the pipe.
  # Waits for the 62 MiB the checks below expect: the VM is slow, and a
  # read while dd still fills its buffer sees part of it.
  dd if=/dev/zero bs=64M count=1 2>/dev/null | sleep 30 &
  for i in $(seq 250); do
    [[ $(awk "\$1 == \"anon\" {print \$2}" /sys/fs/cgroup/pv/box/leaf/memory.stat) -ge $((62 << 20)) ]] && break
    sleep 0.1
  done
  echo "== meminfo"; cat /proc/meminfo; echo "== stat"; cat /sys/fs/cgroup/pv/box/leaf/memory.stat
  kill %1 2>/dev/null')
meminfo=$(section meminfo "$out")
total=$(field MemTotal <<<"$meminfo")
expect_cmp "A: AnonPages shows 64M of anonymous memory (kB)" "$(field AnonPages <<<"$meminfo")" -ge $((62 * 1024))
expect_cmp "A: Shmem shows 48M of tmpfs (kB)" "$(field Shmem <<<"$meminfo")" -ge $((48 * 1024))
expect_cmp "A: Cached includes the tmpfs file (kB)" "$(field Cached <<<"$meminfo")" -ge $((48 * 1024))
expect_cmp "A: MemFree drops by the usage (kB)" "$(field MemFree <<<"$meminfo")" -le $((total - 110 * 1024))
expect_cmp "A: MemAvailable excludes shmem (kB)" "$(field MemAvailable <<<"$meminfo")" -le $((total - 110 * 1024))

# --- CPUs: cpuset view; quota ignored without --enable-cfs
cpu_view='echo "== nproc"; nproc; echo "== getconf"; getconf _NPROCESSORS_ONLN; getconf _NPROCESSORS_CONF
          echo "== cpuinfo"; grep -c ^processor /proc/cpuinfo; echo "== online"; cat /sys/devices/system/cpu/online
          echo "== present"; cat /sys/devices/system/cpu/present; echo "== stat"; cat /proc/stat'
# check_cpu_view WHO N OUTPUT [files]: every CPU count in OUTPUT (of
# cpu_view) is N. With "files", only the served files: glibc's sysconf and
# nproc count the affinity mask, which a quota does not shrink.
check_cpu_view() {
  local who=$1 n=$2 out=$3 range=0
  [[ $n -gt 1 ]] && range="0-$((n - 1))"
  if [[ ${4:-} != files ]]; then
    expect_eq "$who: nproc" "$n" "$(section nproc "$out")"
    expect_eq "$who: getconf _NPROCESSORS_ONLN" "$n" "$(line 1 "$(section getconf "$out")")"
    expect_eq "$who: getconf _NPROCESSORS_CONF" "$n" "$(line 2 "$(section getconf "$out")")"
  fi
  expect_eq "$who: cpuinfo processors" "$n" "$(section cpuinfo "$out")"
  expect_eq "$who: cpu/online" "$range" "$(section online "$out")"
  expect_eq "$who: cpu/present" "$range" "$(section present "$out")"
  expect_eq "$who: /proc/stat cpuN lines" "$n" "$(section stat "$out" | cpu_lines)"
}
out=$(in_container pv/box/leaf "$cpu_view")
check_cpu_view "A (cpuset 1)" 1 "$out"
out=$(in_container pv/quota/leaf "$cpu_view")
check_cpu_view "C without --enable-cfs (cpuset 0-1, cpu.max 0.5 CPU)" 2 "$out"

# --- /proc/stat: the container's CPU time grows and never goes back
out=$(in_container pv/box/leaf '
  burn 4 & burn 4 &
  for i in $(seq 12); do grep "^cpu0 " /proc/stat; sleep 0.4; done
  wait')
samples=$(grep -c '^cpu0 ' <<<"$out")
expect_cmp "A: /proc/stat samples" "$samples" -ge 10
backwards=$(awk '{ for (i = 2; i <= NF; i++) { if (NR > 1 && $i < prev[i]) bad++; prev[i] = $i } }
                 END { print bad + 0 }' <<<"$out")
expect_eq "A: no /proc/stat column ever goes backwards" 0 "$backwards"
busy=$(awk 'NR == 1 {b0 = $2 + $4} END {print $2 + $4 - b0}' <<<"$out")
# Two busy loops on one CPU for ~4 s: most of 400 ticks of user+system.
expect_cmp "A: cpu0 user+system grew by the loops' CPU time (ticks)" "$busy" -ge 200
expect_cmp "A: cpu0 user+system not beyond wall time (ticks)" "$busy" -le 600
out=$(in_container pv/box/leaf 'cat /proc/stat')
expect_eq "A: cpu line = sum of cpuN lines" "$(awk '/^cpu / {print $2, $3, $4, $5}' <<<"$out")" \
  "$(awk '/^cpu[0-9]/ {for (i = 2; i <= 5; i++) s[i] += $i} END {print s[2], s[3], s[4], s[5]}' <<<"$out")"

# --- pressure: the cgroup's own PSI files (the loops above made CPU pressure)
for r in cpu io memory; do
  before=$(cg_get pv/box/leaf $r.pressure)
  served=$(in_container pv/box/leaf "cat /proc/pressure/$r")
  after=$(cg_get pv/box/leaf $r.pressure)
  total_of() { awk '$1 == "some" {sub("total=", "", $5); print $5}' <<<"$1"; }
  expect_match "A: /proc/pressure/$r format" \
    '^some avg10=[0-9]+\.[0-9]{2} avg60=[0-9]+\.[0-9]{2} avg300=[0-9]+\.[0-9]{2} total=[0-9]+' "$served"
  expect_cmp "A: pressure/$r total >= the cgroup's before" "$(total_of "$served")" -ge "$(total_of "$before")"
  expect_cmp "A: pressure/$r total <= the cgroup's after" "$(total_of "$served")" -le "$(total_of "$after")"
  expect_eq "A: pressure/$r lines like the cgroup's" "$(awk '{print $1}' <<<"$after" | tr '\n' ' ')" \
    "$(awk '{print $1}' <<<"$served" | tr '\n' ' ')"
done
expect_cmp "A: the loops made CPU pressure in the cgroup (us)" \
  "$(total_of "$(cg_get pv/box/leaf cpu.pressure)")" -gt 0

# --- diskstats follows io.stat of the scratch disk
echo 3 >/proc/sys/vm/drop_caches
out=$(in_container pv/box/leaf '
  dd if=/dev/vda of=/dev/null bs=1M count=24 iflag=direct 2>/dev/null
  dd if=/dev/zero of=/dev/vda bs=1M count=8 seek=64 oflag=direct 2>/dev/null
  echo "== diskstats"; cat /proc/diskstats')
served=$(section diskstats "$out")
iostat=$(grep "^$disk " "$CGROOT/pv/box/leaf/io.stat")
echo "io.stat: $iostat"
io() { tr ' ' '\n' <<<"$iostat" | awk -F= -v k="$1" '$1 == k {print $2}'; }
vda=$(awk -v d="$disk" '$1 ":" $2 == d' <<<"$served")
expect_eq "A: diskstats names the scratch disk" vda "$(awk '{print $3}' <<<"$vda")"
expect_eq "A: diskstats reads = io.stat rios" "$(io rios)" "$(awk '{print $4}' <<<"$vda")"
expect_eq "A: diskstats sectors read = io.stat rbytes/512" $(($(io rbytes) / 512)) "$(awk '{print $6}' <<<"$vda")"
expect_eq "A: diskstats writes = io.stat wios" "$(io wios)" "$(awk '{print $8}' <<<"$vda")"
expect_eq "A: diskstats sectors written = io.stat wbytes/512" $(($(io wbytes) / 512)) "$(awk '{print $10}' <<<"$vda")"
expect_cmp "A: container read its 24M (sectors)" "$(awk '{print $6}' <<<"$vda")" -ge $((24 * 2048))
expect_eq "A: diskstats has no device the container did not touch" 0 "$(grep -c ' vdb ' <<<"$served")"

# --- procview cat --pid prints what the container reads
if [[ -x $PV_BIN/procview ]]; then
  in_container pv/box/leaf 'sleep 20' 2>/dev/null &
  sleeper=$!
  disown "$sleeper"   # killed below: no job report
  for i in $(seq 50); do [[ -s $CGROOT/pv/box/leaf/cgroup.procs ]] && break; sleep 0.1; done
  member=$(head -1 "$CGROOT/pv/box/leaf/cgroup.procs")
  cli=$("$PV_BIN/procview" cat --pid "$member" meminfo)
  expect_eq "CLI: procview cat --pid MemTotal" $((200 * 1024)) "$(field MemTotal <<<"$cli")"
  expect_eq "CLI: procview cat --pid SwapTotal" "$want_swap" "$(field SwapTotal <<<"$cli")"
  echo 1 >"$CGROOT/pv/box/leaf/cgroup.kill"
  for i in $(seq 50); do kill -0 "$sleeper" 2>/dev/null || break; sleep 0.1; done
else
  fail "procview CLI not shipped"
fi

# --- uptime is the container's (its pid namespace's init is seconds old).
# A fresh cgroup: its CPU time is the container's own, so idle is meaningful.
sleep $((SECONDS < 8 ? 8 - SECONDS : 0))
out=$(in_container pv/fresh 'cat /proc/uptime')
host_up=$(cut -d' ' -f1 /proc/uptime)
up=$(awk 'NR == 1 {printf "%d", $1 * 100}' <<<"$out")
idle=$(awk 'NR == 1 {printf "%d", $2 * 100}' <<<"$out")
echo "container uptime: $out; host: $host_up"
expect_cmp "uptime is small (centiseconds)" "$up" -le 500
expect_cmp "uptime well below the host's (centiseconds)" "$up" -le "$(awk -v h="$host_up" 'BEGIN {printf "%d", h * 100 - 300}')"
expect_cmp "uptime's idle <= uptime x 2 CPUs (centiseconds)" "$idle" -le $((2 * up + 1))

pv_stop

# ---------------------------------------------------------------- phase 2
echo "== phase 2: procviewfs --enable-cfs -l"
pv_start /tmp/pv "$library" --enable-cfs -l || { finish; exit; }

out=$(in_container pv/quota/leaf "$cpu_view")
check_cpu_view "C with --enable-cfs (cpu.max 0.5 CPU)" 1 "$out" files
out=$(in_container pv/box/leaf "$cpu_view")
check_cpu_view "A with --enable-cfs (no quota)" 1 "$out"

# --- /proc/stat never goes backwards while the CPU view shrinks and grows
out=$(in_container pv/quota/leaf '
  q=/sys/fs/cgroup/pv/quota/cpu.max
  burn 2
  for v in "50000 100000" "max 100000" "50000 100000" "max 100000"; do
    echo "$v" >$q; grep "^cpu " /proc/stat; grep -c "^cpu[0-9]" /proc/stat; burn 1
  done')
expect_eq "C: CPU view followed cpu.max changes (cpuN lines)" "1 2 1 2" \
  "$(grep -v '^cpu' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
backwards=$(grep '^cpu ' <<<"$out" |
  awk '{ for (i = 2; i <= NF; i++) { if (NR > 1 && $i < prev[i]) bad++; prev[i] = $i } } END { print bad + 0 }')
expect_eq "C: no /proc/stat cpu column goes backwards across view changes" 0 "$backwards"
cg_set pv/quota cpu.max "50000 100000"

# --- loadavg follows the container's runnable tasks
in_container pv/load 'cat /proc/loadavg' >/dev/null   # start sampling both
in_container pv/idle 'cat /proc/loadavg' >/dev/null
bash -c "echo \$\$ >$CGROOT/pv/load/cgroup.procs; exec bash -c 'burn 18'" &
b1=$!
bash -c "echo \$\$ >$CGROOT/pv/load/cgroup.procs; exec bash -c 'burn 18'" &
b2=$!
sleep 16
echo "tasks of pv/load (pid comm state): $(for p in $(cat $CGROOT/pv/load/cgroup.threads); do
  cut -d' ' -f1-3 /proc/$p/stat; done | tr '\n' ';')"
load=$(in_container pv/load 'echo "$(wc -l </sys/fs/cgroup/pv/load/cgroup.procs) $(cat /proc/loadavg)"')
idle_load=$(in_container pv/idle 'cat /proc/loadavg')
wait $b1 $b2
echo "busy container: $load; idle container: $idle_load; host: $(cat /proc/loadavg)"
load1=$(awk 'NR == 1 {printf "%d", $2 * 100}' <<<"$load")
expect_cmp "loadavg: busy container's 1-min load after 16 s of 2 loops (x100)" "$load1" -ge 30
# 2 runnable tasks for at most 4 ticks give at most 2 * (1 - (1884/2048)^4) = 0.57.
expect_cmp "loadavg: busy container's 1-min load fits 2 loops, not the host (x100)" "$load1" -le 80
running=$(awk 'NR == 1 {split($5, a, "/"); print a[1]}' <<<"$load")
total=$(awk 'NR == 1 {split($5, a, "/"); print a[2]}' <<<"$load")
# running/total come from the last 5 s sample (as in LXCFS), not the read.
expect_cmp "loadavg: busy container's runnable tasks" "$running" -ge 1
procs=$(awk 'NR == 1 {print $1 + 0}' <<<"$load")
expect_cmp "loadavg: task count covers the loops" "$total" -ge 2
expect_cmp "loadavg: task count is the container's, not the host's" "$total" -le $((procs + 2))
expect_eq "loadavg: idle container's 1-min load" 0.00 "$(awk 'NR == 1 {print $1}' <<<"$idle_load")"

pv_stop
cg_remove pv
swapoff /dev/vdb
finish
