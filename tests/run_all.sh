#!/usr/bin/env bash
# Builds procview and runs every test: unit tests on recorded fixtures,
# integration tests against real FUSE mounts and cgroup v1, and (when
# available) the cgroup v2 VM suite. Prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."

bash third_party/install_deps.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
step() {  # step NAME CMD...: runs one suite and counts it
  local name=$1; shift
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: PASS"
  else
    failed=$((failed + 1)); echo "=== $name: FAIL"
  fi
}

BAZEL=(bazel)
step build "${BAZEL[@]}" build //...
step unit+integration "${BAZEL[@]}" test //...
for extra in tests/suites/*.sh; do
  [[ -e "$extra" ]] || continue
  step "$(basename "$extra" .sh)" bash "$extra"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
