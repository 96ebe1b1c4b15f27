#!/usr/bin/env bash
# Measures what the gateway adds to a request's latency (p50/p99) at a fixed request rate, with
# the packaged services and gateway against real infrastructure. Prints the BENCH lines; the
# figures go in the README. Options: -Dbench.rate=N (requests/s) -Dbench.seconds=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
choose_jdk
ensure_local_postgres

say "building the applications (log .data/bench-build.log)"
mkdir -p "$ROOT/.data"
mvnw -q install -DskipTests >"$ROOT/.data/bench-build.log" 2>&1 || { tail -30 "$ROOT/.data/bench-build.log" >&2; die "build failed"; }

LAUNCHER_PID=""
cleanup() {
  if [ -n "$LAUNCHER_PID" ]; then stop_pid "$LAUNCHER_PID" "infrastructure"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -f "$ROOT/.data/run/infra.properties" ] && is_running "$(infra_value run launcher.pid)"; then
  say "infrastructure: reusing the one scripts/run.sh started"
else
  start_launcher test --keycloak
fi
say "running the gateway benchmark (applications' logs: integration-tests/target/apps)"
mvnw -q -pl integration-tests surefire:test -Dtest=GatewayLatencyBenchmark -Dbench.exclude=none \
  -Dit.jvm-options= "$@" 2>&1 \
  | grep '^BENCH' || die "the benchmark printed no figures; see integration-tests/target/surefire-reports"
