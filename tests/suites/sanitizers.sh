#!/usr/bin/env bash
# Sanitized passes: every library and daemon unit test (and the fuzz
# regression tests) under ASAN+UBSAN, and under TSAN; then the
# integration tests (real FUSE mounts, cgroups, containers, live reloads,
# signal storms) with the daemon, library and CLI built under ASAN+UBSAN and
# under TSAN. PROCVIEW_SANITIZER tells them so: they search every daemon's
# log for sanitizer reports and skip RSS growth checks. Each --config has
# its own output directory (.bazelrc), all in the default output base.
set -euo pipefail
cd "$(dirname "$0")/../.."
BAZEL=(bazel ${PROCVIEW_BAZEL_STARTUP:-})
jobs=(--jobs="${BAZEL_JOBS:-2}")

# Unit tests first: the integration tests are tagged "local" (they mount
# FUSE and make cgroups as root).
echo "--- asan+ubsan: unit tests"
"${BAZEL[@]}" test "${jobs[@]}" --config=asan --build_tests_only --test_tag_filters=-local \
  --test_env=ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  --test_env=UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  //lib/... //frontends/... //fuzz/...

echo "--- tsan: unit tests"
"${BAZEL[@]}" test "${jobs[@]}" --config=tsan --build_tests_only --test_tag_filters=-local \
  --test_env=TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  //lib/... //frontends/...

echo "--- asan+ubsan: integration tests (sanitized daemon, library and CLI)"
"${BAZEL[@]}" test "${jobs[@]}" --config=asan --test_env=PROCVIEW_SANITIZER=asan \
  --test_env=ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  --test_env=UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  //tests/integration/...

# Not runtimes_test: its OCI hook (the CLI) must setns(2) into the
# container's mount namespace, which the kernel refuses to a multi-threaded
# process, and the TSAN runtime always runs a thread of its own.
echo "--- tsan: integration tests (sanitized daemon, library and CLI)"
"${BAZEL[@]}" test "${jobs[@]}" --config=tsan --test_env=PROCVIEW_SANITIZER=tsan \
  --test_env=TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  -- //tests/integration/... -//tests/integration:runtimes_test
