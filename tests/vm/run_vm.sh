#!/usr/bin/env bash
# run_vm.sh: boots a throw-away QEMU VM with a pure cgroup v2 kernel and FUSE,
# runs one test script inside it and exits with that script's exit code.
#
# Usage: run_vm.sh [options] [--] SCRIPT [ARGS...]
#   --ship FILE[=NAME]  copy FILE into the guest as /opt/pv/bin/NAME (default:
#                       its basename), with the shared libraries it links
#   --with FILE         copy FILE (a helper the script sources) next to SCRIPT
#   --cpus N            virtual CPUs (default 2)
#   --mem MIB           guest RAM (default 1024)
#   --timeout SEC       kill the VM after SEC seconds (default 300)
#   --log FILE          also keep the console log in FILE
#
# The guest runs SCRIPT with bash as root in the root cgroup; PATH starts with
# /opt/pv/bin (procps free, coreutils nproc, fusermount3 and everything
# shipped), then busybox. Two scratch virtio disks are attached: /dev/vda
# (for I/O tests) and /dev/vdb (for swap). The script's exit code comes back
# as a marker line on the second serial port; everything else is the console.
#
# Exit codes: the script's own, or 124 on timeout, 125 when the VM gave no
# result (kernel panic, crash), 126 for a harness setup error.
#
# Needs qemu-system-x86, busybox-static and cpio (third_party/install_deps.sh
# vm installs them). The kernel is Debian's linux-image-cloud-amd64, fetched
# once with `apt-get download` and unpacked into the cache directory
# ($PROCVIEW_VM_CACHE, default /var/cache/procview-vm); it is never installed.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CACHE="${PROCVIEW_VM_CACHE:-/var/cache/procview-vm}"
readonly KERNEL_PACKAGE=linux-image-cloud-amd64
# Modules the guest loads at boot (everything else it needs is built in).
readonly MODULES=(fuse virtio_pci virtio_blk)
# Host tools every guest gets: a real shell and the readers under test.
readonly GUEST_TOOLS=(bash free nproc getconf fusermount3)
readonly MARKER=PROCVIEW-VM-EXIT

die() { echo "run_vm: $*" >&2; exit 126; }
log() { echo "run_vm: $*" >&2; }

cpus=2
mem=1024
timeout_s=300
keep_log=""
ships=()
withs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ship) ships+=("$2"); shift 2 ;;
    --with) withs+=("$2"); shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --log) keep_log=$2; shift 2 ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || die "usage: run_vm.sh [options] SCRIPT [ARGS...]"
script=$1; shift
[[ -f "$script" ]] || die "no such script: $script"

for tool in qemu-system-x86_64 cpio; do
  command -v "$tool" >/dev/null || die "$tool missing: run third_party/install_deps.sh vm"
done
[[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1 ||
  die "/bin/busybox must be the static busybox (package busybox-static)"

# ---- Kernel: newest cached unpack of the cloud flavour, fetched if missing ----

# Prints the cache directory of an unpacked kernel, downloading it if needed.
# Without network, falls back to the newest kernel already cached.
kernel_dir() {
  local want=""
  want=$(apt-cache depends "$KERNEL_PACKAGE" 2>/dev/null |
         awk '/Depends: linux-image-/ {print $2; exit}') || true
  if [[ -n "$want" && -f "$CACHE/$want/vmlinuz" ]]; then
    echo "$CACHE/$want"; return
  fi
  if [[ -n "$want" ]]; then
    local tmp
    tmp=$(mktemp -d "$CACHE/.fetch.XXXXXX")
    log "fetching $want (once; cached in $CACHE)"
    # apt's sandbox user cannot write here; download into a world-writable dir.
    chmod 777 "$tmp"
    if (cd "$tmp" && apt-get download "$want" >/dev/null 2>&1); then
      unpack_kernel "$tmp" "$CACHE/$want"
      rm -rf "$tmp"
      echo "$CACHE/$want"; return
    fi
    rm -rf "$tmp"
    log "download of $want failed; trying the cache"
  fi
  local newest
  newest=$(ls -d "$CACHE"/linux-image-*/vmlinuz 2>/dev/null | sort -V | tail -1) || true
  [[ -n "$newest" ]] || die "no kernel cached and none downloadable ($KERNEL_PACKAGE)"
  dirname "$newest"
}

# unpack_kernel DOWNLOAD_DIR DEST: dpkg -x the .deb, keep vmlinuz, the
# modules and a modules.dep (the package has none; busybox depmod makes it).
unpack_kernel() {
  local src=$1 dest=$2 root="$1/root"
  dpkg -x "$src"/*.deb "$root"
  local version
  version=$(ls "$root/lib/modules")
  busybox depmod -b "$root" "$version"
  rm -rf "$dest.tmp"
  mkdir -p "$dest.tmp"
  cp "$root/boot/vmlinuz-$version" "$dest.tmp/vmlinuz"
  cp "$root/boot/config-$version" "$dest.tmp/config"
  mv "$root/lib/modules/$version" "$dest.tmp/modules"
  echo "$version" >"$dest.tmp/version"
  mv "$dest.tmp" "$dest"
}

# ---- Initramfs ----

# copy_with_libs FILE DEST_IN_ROOT: FILE plus its ldd closure at host paths.
copy_with_libs() {
  local file=$1 dest=$2
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$file" "$root$dest"
  local lib
  # "libx.so => /path (0x..)" and the interpreter's "/lib64/ld-... (0x..)".
  while read -r lib; do
    [[ -e "$root$lib" ]] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done < <(ldd "$file" 2>/dev/null |
           awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
}

# copy_modules: MODULES and their dependencies, with a matching modules.dep.
copy_modules() {
  local mdir="$kdir/modules" dest="$root/lib/modules/$kversion"
  mkdir -p "$dest"
  local -A want=()
  local queue=() m line path deps
  for m in "${MODULES[@]}"; do
    path=$(awk -F: -v m="/$m.ko" 'index($1, m) && substr($1, length($1) - length(m) + 1) == m {print $1; exit}' "$mdir/modules.dep")
    [[ -n "$path" ]] || die "module $m not in $mdir"
    queue+=("$path")
  done
  while [[ ${#queue[@]} -gt 0 ]]; do
    path=${queue[0]}; queue=("${queue[@]:1}")
    [[ -n "${want[$path]:-}" ]] && continue
    want[$path]=1
    line=$(grep -m1 "^$path:" "$mdir/modules.dep")
    deps=${line#*:}
    for m in $deps; do queue+=("$m"); done
  done
  : >"$dest/modules.dep"
  for path in "${!want[@]}"; do
    mkdir -p "$dest/$(dirname "$path")"
    cp "$mdir/$path" "$dest/$path"
    grep -m1 "^$path:" "$mdir/modules.dep" >>"$dest/modules.dep"
  done
}

build_initramfs() {
  mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,mnt,opt/pv/bin,opt/pv/test}
  cp /bin/busybox "$root/bin/busybox"
  local tool file name
  for tool in "${GUEST_TOOLS[@]}"; do
    file=$(command -v "$tool") || die "$tool missing on the host"
    copy_with_libs "$file" "/opt/pv/bin/$tool"
  done
  local spec
  for spec in "${ships[@]}"; do
    file=${spec%%=*}
    name=$(basename "$file")
    [[ "$spec" == *=* ]] && name=${spec#*=}
    [[ -f "$file" ]] || die "no such file to ship: $file"
    copy_with_libs "$file" "/opt/pv/bin/$name"
  done
  for file in "${withs[@]}"; do
    cp "$file" "$root/opt/pv/test/"
  done
  cp "$script" "$root/opt/pv/test/"
  copy_modules
  cp "$HERE/init.sh" "$root/init"
  chmod 755 "$root/init"
  ln -s /proc/self/mounts "$root/etc/mtab"
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  # What /init runs; arguments are quoted for the guest shell.
  {
    printf 'PV_MODULES=%q\n' "${MODULES[*]}"
    printf 'PV_MARKER=%q\n' "$MARKER"
    printf 'PV_COMMAND=%q\n' "$(printf '%q ' /opt/pv/test/"$(basename "$script")" "$@")"
  } >"$root/opt/pv/vm.conf"
  (cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
}

# ---- Acceleration: real KVM when the host has it, else software ----

accel_args() {
  if [[ -w /dev/kvm ]] && grep -qwE 'vmx|svm' /proc/cpuinfo &&
     ! grep -qs '^kvm_pvm ' /proc/modules; then
    echo "-accel kvm -cpu host"
  else
    echo "-accel tcg,thread=multi -cpu max"
  fi
}

# ---- Run ----

mkdir -p "$CACHE"
kdir=$(kernel_dir)
kversion=$(cat "$kdir/version")
work=$(mktemp -d /tmp/procview-vm.XXXXXX)
qpid=""
# Never leave a VM behind, also when this script is interrupted.
cleanup() {
  [[ -n "$qpid" ]] && kill "$qpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
root="$work/root"
build_initramfs "$@"

truncate -s 256M "$work/scratch.img"
truncate -s 256M "$work/swap.img"
: >"$work/console.log"
: >"$work/result.log"

log "booting $kversion ($(accel_args | awk '{print $2}'), $cpus CPUs, ${mem} MiB, timeout ${timeout_s}s)"
start=$(date +%s)
# shellcheck disable=SC2046  # accel_args is a list of words
timeout --foreground -k 5 "$timeout_s" qemu-system-x86_64 \
  -M pc -nodefaults -no-user-config -nographic -no-reboot \
  $(accel_args) -smp "$cpus" -m "$mem" \
  -kernel "$kdir/vmlinuz" -initrd "$work/initramfs.cpio" \
  -append "console=ttyS0 panic=-1 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 quiet" \
  -chardev file,id=console,path="$work/console.log" -serial chardev:console \
  -chardev file,id=result,path="$work/result.log" -serial chardev:result \
  -drive file="$work/scratch.img",format=raw,if=virtio,cache=unsafe \
  -drive file="$work/swap.img",format=raw,if=virtio,cache=unsafe \
  -nic none </dev/null >"$work/qemu.out" 2>&1 &
qpid=$!
# Stream the console while the VM runs (without the firmware's escape codes).
tail -n +1 -f --pid="$qpid" "$work/console.log" | sed -u 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r//g; s/\x1bc//g' &
tailpid=$!
qrc=0
wait "$qpid" || qrc=$?
qpid=""
wait "$tailpid" 2>/dev/null || true
elapsed=$(( $(date +%s) - start ))
[[ -n "$keep_log" ]] && tr -d '\r' <"$work/console.log" >"$keep_log"

if [[ $qrc -eq 124 ]]; then
  log "FAIL: VM timed out after ${timeout_s}s"
  exit 124
fi
rc=$(tr -d '\r' <"$work/result.log" | awk -v m="$MARKER" '$1 == m {print $2}' | tail -1)
if [[ -z "$rc" ]]; then
  log "FAIL: the VM gave no result (qemu exit $qrc after ${elapsed}s)"
  sed 's/^/qemu: /' "$work/qemu.out" >&2
  exit 125
fi
if [[ "$rc" -eq 0 ]]; then
  log "PASS: $(basename "$script") in the VM (${elapsed}s)"
else
  log "FAIL: $(basename "$script") exited $rc in the VM (${elapsed}s)"
fi
exit "$rc"
