#!/usr/bin/env bash
# Fuzz smoke run: every target for a short time (default 20 s each) from the committed seed
# corpus. Exits non-zero when a target crashes (panic, trap, timeout or out-of-memory); the
# crashing input is left in fuzz/artifacts/<target>/ for `cargo +nightly fuzz fmt <target> <file>`.
#
#   fuzz/smoke.sh                      # all targets, 20 s each
#   FUZZ_SECONDS=600 fuzz/smoke.sh merge_patch validate
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New inputs found
# during the run go to a scratch directory, so the committed corpus stays as generated.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-20}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(validate_settings validate validate_structured hash_and_go_json merge_patch resources_expression)
fi
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cargo "+$toolchain" fuzz build -O
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target"
  echo "== $target: ${seconds}s"
  log="$scratch/$target.log"
  # -timeout: one input taking 10 s natively is a hang (policy-server allows 2 s in wasm).
  # -rss_limit_mb: an input needing 2 GiB is a memory bomb.
  # -max_len: 64 KiB lets inputs grow well beyond the seeds without slowing the run.
  set +e
  cargo "+$toolchain" fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+[[:space:]]+DONE' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 80 "$log" >&2
    echo "fuzz target $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
echo "fuzz smoke: ${#targets[@]} targets, ${seconds}s each, no crash"
