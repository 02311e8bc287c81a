#!/usr/bin/env bash
# Throughput of the policy in a real policy-server on loopback, next to other policies in the
# same server (BENCHMARKS.md, "policy-server on loopback").
#
#   e2e-tests/load-test.sh [--duration 20s] [--rounds 3] [--connections 8] \
#       [--compare NAME=MODULE.wasm,SETTINGS.yaml]...
#
# policy-server serves the module (policy.wasm, built by `make policy.wasm`) with
# examples/settings.yaml and every --compare module with its settings, all mutating; wrk sends
# the AdmissionReview of examples/pod-request.json to each in turn, round after round
# (A, B, A, B, ...), so that a burst of load on a shared machine hits all of them. Prints a
# Markdown table: requests per second and latency percentiles per round, and the ratio of
# each policy's median throughput to the first --compare's.
#
# Needs policy-server (any 1.x; it runs without a cluster, --ignore-kubernetes-connection-failure)
# and wrk (Debian package wrk) on PATH; without policy-server it says so and exits 0, as CI has
# none. Example, next to the official pod-ndots policy:
#
#   e2e-tests/load-test.sh --compare pod-ndots=pod_ndots.wasm,<(echo 'ndots: 5')
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20s
rounds=3
connections=8
compares=()
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --compare) compares+=("$2"); shift 2 ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done

if ! command -v policy-server >/dev/null 2>&1; then
  echo "load-test skipped: policy-server is not on PATH"
  exit 0
fi
for tool in wrk curl; do
  command -v $tool >/dev/null 2>&1 || { echo "load-test needs $tool on PATH" >&2; exit 1; }
done
[ -f policy.wasm ] || { echo "policy.wasm is missing: run make policy.wasm" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The policies file: each policy's settings indented under its entry.
names=(sidecarset-policy)
entry() { # NAME MODULE SETTINGS
  echo "$1:"
  echo "  url: file://$(realpath "$2")"
  echo "  allowedToMutate: true"
  echo "  settings:"
  sed 's/^/    /' "$3"
}
{
  entry sidecarset-policy policy.wasm examples/settings.yaml
  for spec in "${compares[@]}"; do
    name=${spec%%=*}
    rest=${spec#*=}
    module=${rest%%,*}
    settings=${rest#*,}
    cp "$settings" "$work/$name-settings.yaml"
    entry "$name" "$module" "$work/$name-settings.yaml"
    names+=("$name")
  done
} > "$work/policies.yml"

port=${LOAD_TEST_PORT:-3300}
readiness=$((port + 1))
policy-server --policies "$work/policies.yml" --policies-download-dir "$work" \
  --port "$port" --readiness-probe-port "$readiness" --log-level warn \
  --ignore-kubernetes-connection-failure > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$readiness/readiness" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

# Each policy must answer the review with a patch before it is measured.
cp examples/pod-request.json "$work/review.json"
for name in "${names[@]}"; do
  answer=$(curl -sf -H 'Content-Type: application/json' --data-binary @"$work/review.json" \
    "http://127.0.0.1:$port/validate/$name")
  case $answer in
    *'"allowed":true'*'"patch"'* | *'"patch"'*'"allowed":true'*) ;;
    *) echo "$name did not admit the pod with a patch: $answer" >&2; exit 1 ;;
  esac
done

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/review.json", "rb")
wrk.body = f:read("*a")
f:close()
LUA

echo "policy-server $(policy-server --version 2>/dev/null | head -n 1), wrk $connections connections, $duration per run, $rounds rounds"
echo
echo "| policy | round | requests/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  for name in "${names[@]}"; do
    out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/post.lua" \
      "http://127.0.0.1:$port/validate/$name")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {e = e $0 " "} END {print e == "" ? 0 : e}' <<<"$out")
    echo "| $name | $round | $rps | $p50 | $p99 | $errors |"
    echo "$name $rps" >> "$work/rps"
  done
done

if [ ${#names[@]} -gt 1 ]; then
  echo
  awk -v base="${names[1]}" '
    { rps[$1] = rps[$1] " " $2; order[$1] = order[$1] ? order[$1] : ++n; names[n] = $1 }
    END {
      for (i = 1; i <= n; i++) {
        split(rps[names[i]], v, " "); m = length(v); asort(v)
        median[names[i]] = v[int((m + 1) / 2)]
      }
      for (i = 1; i <= n; i++)
        printf "%s: median %.0f requests/s, %.2fx %s\n", names[i], median[names[i]], median[names[i]] / median[base], base
    }' "$work/rps"
fi
