#!/usr/bin/env bats
#
# The e2e cases (cases/<name>/) run through the real `kwctl run`, each output checked by
# e2e-check: the very comparison tests/e2e.rs applies to this crate's host. Skipped when kwctl
# is not on PATH.
#
#   bats e2e-tests/kwctl.bats
#
# Environment:
#   KWCTL        the kwctl binary (default: kwctl). `KWCTL=target/debug/kwrun` runs the same
#                suite through kwrun, which accepts kwctl's `run` subcommand word.
#   POLICY_WASM  the policy module (default: ../annotated-policy.wasm if built, else ../policy.wasm;
#                kwctl needs the annotated one for the cases with a session.yml)
#   CASES_DIR    the cases folder (default: ./cases)
#   E2E_CHECK    the e2e-check binary (default: built with cargo into the workspace's target/debug)

setup() {
  KWCTL="${KWCTL:-kwctl}"
  if ! command -v "$KWCTL" >/dev/null 2>&1; then
    skip "$KWCTL is not on PATH"
  fi
}

@test "every e2e case through kwctl run" {
  dir="$BATS_TEST_DIRNAME"
  cases="${CASES_DIR:-$dir/cases}"

  policy="${POLICY_WASM:-}"
  if [ -z "$policy" ]; then
    if [ -f "$dir/../annotated-policy.wasm" ]; then
      policy="$dir/../annotated-policy.wasm"
    else
      policy="$dir/../policy.wasm"
    fi
  fi
  if [ ! -f "$policy" ]; then
    echo "policy module not found: $policy (run \`make policy.wasm\` first)"
    return 1
  fi

  check="${E2E_CHECK:-$dir/../target/debug/e2e-check}"
  if [ ! -x "$check" ]; then
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --bin e2e-check
  fi

  count=0
  failed=0
  for case_dir in "$cases"/*/; do
    case_dir="${case_dir%/}"
    [ -f "$case_dir/expected.yaml" ] || continue
    count=$((count + 1))

    args=(run --request-path "$case_dir/request.json")
    for settings in settings.yaml settings.yml settings.json; do
      if [ -f "$case_dir/$settings" ]; then
        args+=(--settings-path "$case_dir/$settings")
      fi
    done
    # A recorded session answers the policy's cluster reads, within the contextAwareResources
    # of the annotated module (the project's host grants those of policy-metadata.yml). Cases
    # without one run without context-aware access.
    if [ -f "$case_dir/session.yml" ]; then
      args+=(--allow-context-aware --replay-host-capabilities-interactions "$case_dir/session.yml")
    fi

    # kwctl appends a backtrace to its errors when RUST_BACKTRACE is set; the expected
    # messages are the errors alone.
    stdout="$(RUST_BACKTRACE=0 RUST_LIB_BACKTRACE=0 "$KWCTL" "${args[@]}" "$policy" 2>"$BATS_TEST_TMPDIR/stderr")" || true
    # stdout first (the response line), then stderr (kwctl's "Error: ..." for bad settings).
    if ! { printf '%s\n' "$stdout"; cat "$BATS_TEST_TMPDIR/stderr"; } | "$check" "$case_dir"; then
      failed=$((failed + 1))
      echo "--- stderr of $(basename "$case_dir"):"
      cat "$BATS_TEST_TMPDIR/stderr"
    fi
  done

  echo "$count cases, $failed failed"
  [ "$count" -gt 0 ] || skip "no cases in $cases"
  [ "$failed" -eq 0 ]
}
