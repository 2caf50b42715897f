# smoke.sh: proves the VM itself (run by run_vm.sh inside the guest): a pure
# cgroup v2 hierarchy with the controllers on, limits that take, and a
# procviewfs mount read from a "container". Uses any libprocview build
# (the fake one is enough): argument 1 is its name in /opt/pv/bin.
set -u
. /opt/pv/test/guest_lib.sh
library=$PV_BIN/${1:-libprocview_fake_a.so}

echo "kernel $(uname -r), $(nproc) CPUs"
expect_eq "cgroup2 at /sys/fs/cgroup" cgroup2 "$(awk '$2 == "/sys/fs/cgroup" {print $3}' /proc/mounts)"
expect_eq "no cgroup v1 hierarchy" 0 "$(grep -c ' cgroup ' /proc/mounts)"
expect_eq "our cgroup" "0::/" "$(cat /proc/self/cgroup)"
for c in cpuset cpu io memory pids; do
  expect_match "root subtree_control has $c" "(^| )$c( |$)" "$(cat $CGROOT/cgroup.subtree_control)"
done
expect_eq "fuse device" c "$( [[ -c /dev/fuse ]] && echo c)"
expect_eq "scratch disk" b "$( [[ -b /dev/vda ]] && echo b)"

cg_make smoke/leaf
cg_set smoke memory.max $((256 << 20))
cg_set smoke/leaf cpuset.cpus 0
expect_eq "nested memory.max" $((256 << 20)) "$(cg_get smoke memory.max)"
expect_eq "leaf memory.max unlimited" max "$(cg_get smoke/leaf memory.max)"
expect_eq "leaf cpuset" 0 "$(cg_get smoke/leaf cpuset.cpus.effective)"

pv_start /tmp/pv "$library" || { finish; exit; }
out=$(in_container smoke/leaf 'cat /proc/self/cgroup; nproc; head -1 /proc/meminfo; cat /sys/devices/system/cpu/online | head -1')
echo "$out"
expect_eq "container cgroup" "0::/smoke/leaf" "$(sed -n 1p <<<"$out")"
expect_eq "container nproc (cpuset)" 1 "$(sed -n 2p <<<"$out")"
expect_match "meminfo served by procviewfs" "meminfo" "$(sed -n 3p <<<"$out")"
expect_match "cpu/online served by procviewfs" "online" "$(sed -n 4p <<<"$out")"
pv_stop
cg_remove smoke
finish
