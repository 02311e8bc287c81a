#!/usr/bin/env bash
# The whole test suite (`make test`): every suite in turn with its output as it runs, then the
# counts of each suite and one total line, `N passed, N failed`. Exits 1 when anything failed.
# Expects policy.wasm to be built (the Makefile does that first).
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
summary=()
total_passed=0
total_failed=0

record() { # NAME PASSED FAILED [NOTE]
  summary+=("$(printf '  %-44s %5d passed, %d failed%s' "$1" "$2" "$3" "${4:+  ($4)}")")
  total_passed=$((total_passed + $2))
  total_failed=$((total_failed + $3))
}

# A cargo test command: libtest's `test result:` lines are summed. A command that fails without
# a failing test (it did not compile, a harness crashed) counts as one failure.
cargo_suite() { # NAME COMMAND...
  local name=$1
  shift
  echo "==> $name: $*"
  "$@" 2>&1 | tee "$logs/log"
  local status=${PIPESTATUS[0]}
  read -r passed failed < <(awk '
    /^test result:/ {
      if (match($0, /[0-9]+ passed/)) p += substr($0, RSTART, RLENGTH) + 0
      if (match($0, /[0-9]+ failed/)) f += substr($0, RSTART, RLENGTH) + 0
    }
    END { print p + 0, f + 0 }' "$logs/log")
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    record "$name" "$passed" 1 "exit status $status without a failing test"
  else
    record "$name" "$passed" "$failed"
  fi
}

# A bats file: TAP `ok` / `not ok` lines are counted.
bats_suite() { # NAME FILE
  echo "==> $1: bats $2"
  bats "$2" 2>&1 | tee "$logs/log"
  local status=${PIPESTATUS[0]}
  local passed failed
  passed=$(grep -c '^ok ' "$logs/log")
  failed=$(grep -c '^not ok ' "$logs/log")
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  record "$1" "$passed" "$failed"
}

cargo_suite "engine, apimachinery port, CLI (native)" \
  cargo test --no-fail-fast -p sidecarset-policy -p sidecarset-apimachinery -p sidecarset-cli
cargo_suite "e2e through the project's Kubewarden host" \
  env POLICY_WASM="$PWD/policy.wasm" cargo test --no-fail-fast -p sidecarset-e2e
cargo_suite "CLI: native and policy.wasm answer alike" \
  env POLICY_WASM="$PWD/policy.wasm" cargo test --no-fail-fast -p sidecarset-cli --features wasm --test cases

missing=()
command -v kwctl >/dev/null 2>&1 || missing+=(kwctl)
command -v bats >/dev/null 2>&1 || missing+=(bats)
if [ ${#missing[@]} -eq 0 ]; then
  if make --no-print-directory annotated-policy.wasm; then
    bats_suite "e2e through kwctl run" e2e-tests/kwctl.bats
  else
    record "e2e through kwctl run" 0 1 "kwctl annotate failed"
  fi
else
  summary+=("  e2e through kwctl run: skipped, not installed: ${missing[*]}")
fi

echo
echo "Summary:"
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
