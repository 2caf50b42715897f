#!/usr/bin/env bash
# vm_v2.sh: the cgroup v2 suite. Builds procviewfs, the CLI and the library,
# boots a throw-away VM with a pure cgroup v2 kernel (tests/vm/run_vm.sh)
# twice: once to prove the VM with a stand-in library (smoke.sh), once for
# the real checks (checks.sh); then checks the CLI through this host's own
# cgroup layouts (host_layouts.sh: hybrid, pure v1). Exits nonzero when any
# part fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash third_party/install_deps.sh vm

TARGETS=(
  //frontends/fuse:procviewfs
  //frontends/cli:procview
  //lib/procview/abi:libprocview.so
  //lib/procview/abi:libprocview_fake_a.so
)
# BAZEL_STARTUP_OPTS (e.g. --output_base=DIR) is for local runs; CI sets none.
read -r -a startup <<<"${BAZEL_STARTUP_OPTS:-}"
bazel "${startup[@]}" build "${TARGETS[@]}"
bin=$(bazel "${startup[@]}" info bazel-bin 2>/dev/null)

vm=tests/vm
common=(--with "$vm/guest_lib.sh" --ship "$bin/frontends/fuse/procviewfs")

failed=()
echo "--- VM smoke test (cgroup v2, FUSE, stand-in library)"
bash "$vm/run_vm.sh" "${common[@]}" --timeout 180 \
  --ship "$bin/lib/procview/abi/libprocview_fake_a.so" \
  "$vm/smoke.sh" libprocview_fake_a.so || failed+=(smoke)

echo "--- VM checks (cgroup v2, real library)"
bash "$vm/run_vm.sh" "${common[@]}" --timeout 420 \
  --ship "$bin/lib/procview/abi/libprocview.so" \
  --ship "$bin/frontends/cli/procview" \
  "$vm/checks.sh" libprocview.so || failed+=(checks)

echo "--- host cgroup layouts"
bash "$vm/host_layouts.sh" "$bin/frontends/cli/procview" || failed+=(host_layouts)

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "vm_v2: FAILED: ${failed[*]}"
  exit 1
fi
echo "vm_v2: all passed"
