#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# outside Bazel: Bazel 4's auto-configured toolchain is gcc here, and switching
# it to clang per config would re-configure (and rebuild) the whole C++
# toolchain. Objects are cached by timestamp, so re-runs only rebuild what
# changed. Usage: fuzz/build.sh [OUT_DIR]   (default ~/.cache/procview-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-${PROCVIEW_FUZZ_OUT:-$HOME/.cache/procview-fuzz}}
mkdir -p "$out/obj"
CXX=${CXX_FUZZ:-clang++}
flags=(-std=c++17 -O1 -g -I. -fno-omit-frame-pointer -Wall -Wextra
       -fsanitize=address,undefined -fno-sanitize-recover=undefined)
absl_libs=$(sed -n 's/^ *"\(-l[a-z0-9_]*\)",$/\1/p' third_party/BUILD.bazel | grep -e -labsl -e -lpthread | tr '\n' ' ')

# The library, minus tests, test-only helpers and the C ABI shims.
lib_srcs=$(ls lib/procview/*.cc lib/procview/{parse,render,resolve,source,track}/*.cc |
  grep -v -e '_test\.cc$' -e 'fixture_tree\.cc$')
objs=()
pids=()
for src in $lib_srcs; do
  obj="$out/obj/$(echo "${src%.cc}" | tr / _).o"
  objs+=("$obj")
  # Rebuild when the source or any library header is newer than the object.
  if [[ ! -e "$obj" || "$src" -nt "$obj" ||
        -n "$(find lib/procview -name '*.h' -newer "$obj" -print -quit)" ]]; then
    "$CXX" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj" &
    pids+=($!)
    if (( ${#pids[@]} >= ${FUZZ_JOBS:-2} )); then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for p in "${pids[@]}"; do wait "$p"; done
rm -f "$out/libprocview_fuzz.a"
ar rcs "$out/libprocview_fuzz.a" "${objs[@]}"

for src in fuzz/*_fuzz.cc; do
  name=$(basename "${src%.cc}")
  # shellcheck disable=SC2086
  "$CXX" "${flags[@]}" -fsanitize=fuzzer "$src" "$out/libprocview_fuzz.a" $absl_libs \
    -o "$out/$name"
done
echo "fuzz targets in $out"
