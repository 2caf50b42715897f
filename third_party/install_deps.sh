#!/usr/bin/env bash
# Installs the Debian packages procview needs to build, test and run, if any
# are missing. Safe to run repeatedly; needs root (or sudo) on Debian 12.
set -euo pipefail

PACKAGES=(
  bazel-bootstrap default-jdk-headless
  g++ clang lld
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libfuse3-dev fuse3
  procps util-linux python3 busybox-static valgrind strace
  runc crun lxc
)
# Extra sets, chosen by the caller: `install_deps.sh vm` for the cgroup v2 VM.
if [[ "${1:-}" == "vm" ]]; then
  PACKAGES+=(qemu-system-x86 busybox-static cpio)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "install_deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
