#!/bin/busybox sh
# init.sh: /init of the test VM. Sets up a pure cgroup v2 system with FUSE,
# runs the test command from /opt/pv/vm.conf, reports its exit code on the
# second serial port and powers off.

/bin/busybox --install -s /bin
export PATH=/opt/pv/bin:/bin:/sbin
. /opt/pv/vm.conf

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# Let child groups use every controller the tests exercise.
echo "+cpuset +cpu +io +memory +pids" >/sys/fs/cgroup/cgroup.subtree_control
for m in $PV_MODULES; do modprobe "$m" || echo "init: modprobe $m failed"; done
# Let devtmpfs settle the new disks.
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vdb ] && break; sleep 0.2; done
hostname procview-vm

echo "init: running $PV_COMMAND ($(cut -d" " -f1 /proc/uptime) s after boot)"
cd /opt/pv/test
eval "bash $PV_COMMAND"
rc=$?
echo "init: exit code $rc"
echo "$PV_MARKER $rc" >/dev/ttyS1
sync
poweroff -f
