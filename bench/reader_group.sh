# reader_group.sh: sourced by scripts that read procview files from a
# limited cgroup v1 "container". make_reader_group GROUP MEMORY_BYTES
# QUOTA_US makes GROUP under every controller in CONTROLLERS, with that
# memory limit, that CPU quota (per 100 ms period) and all CPUs, and sets
# JOIN to the groups' cgroup.procs files. The caller removes the groups.
make_reader_group() {
  local group="$1" memory="$2" quota="$3" c
  JOIN=()
  for c in "${CONTROLLERS[@]}"; do
    mkdir "/sys/fs/cgroup/$c/$group"
    JOIN+=("/sys/fs/cgroup/$c/$group/cgroup.procs")
  done
  echo "$memory" > "/sys/fs/cgroup/memory/$group/memory.limit_in_bytes"
  echo "$quota" > "/sys/fs/cgroup/cpu/$group/cpu.cfs_quota_us"
  cat /sys/fs/cgroup/cpuset/cpuset.cpus > "/sys/fs/cgroup/cpuset/$group/cpuset.cpus"
  cat /sys/fs/cgroup/cpuset/cpuset.mems > "/sys/fs/cgroup/cpuset/$group/cpuset.mems"
}
