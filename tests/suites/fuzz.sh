#!/usr/bin/env bash
# Short fuzz runs: builds the libFuzzer targets in fuzz/ with clang
# (fuzz/build.sh) and runs each for FUZZ_SECONDS (default 12; 11 targets, ~2.5 min) from its seed
# corpus. Fails if any target finds a crash, leak or UBSAN report; the
# crashing input is left in $OUT/crashes/ (keep it in fuzz/regressions/).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${PROCVIEW_FUZZ_OUT:-$HOME/.cache/procview-fuzz}
seconds=${FUZZ_SECONDS:-12}
bash fuzz/build.sh "$out"
mkdir -p "$out/crashes"
failed=0
for target in "$out"/*_fuzz; do
  name=$(basename "$target")
  corpus="$out/corpus/$name"
  mkdir -p "$corpus"
  cp -n fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null || true
  [[ -d fuzz/regressions/$name ]] && cp -n fuzz/regressions/"$name"/* "$corpus"/ 2>/dev/null || true
  start=$SECONDS
  if UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$out/crashes/$name-" "$corpus" \
       > "$out/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name.log" |
      awk '{print $2}') runs in $((SECONDS - start)) s)"
  else
    echo "fuzz $name: FAILED (log $out/$name.log)"
    tail -40 "$out/$name.log"
    failed=1
  fi
done
exit $failed
