#!/usr/bin/env bash
# A fault-injection run longer than the suite's: N instances of every service on a PostgreSQL of
# the run's own, the journeys of the web, app and POS clients at R journeys/s for M minutes while
# instances are killed (kill -9) and paused (SIGSTOP 5-10 s) and the Kafka broker, the MongoDB
# server and PostgreSQL are restarted; then the checker, and a report.
#   scripts/chaos.sh [--minutes M] [--replicas N] [--rate R] [--customers C]
# Writes .data/chaos/<time>/report.md, latency.svg, answers.jsonl and the applications' logs
# (apps/); exits 1 when the checker found anything. Ctrl-C stops everything it started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

MINUTES=10 REPLICAS=2 RATE=1.0 CUSTOMERS=12
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) shift; MINUTES="${1:-}" ;;
    --replicas) shift; REPLICAS="${1:-}" ;;
    --rate) shift; RATE="${1:-}" ;;
    --customers) shift; CUSTOMERS="${1:-}" ;;
    *) die "usage: scripts/chaos.sh [--minutes M] [--replicas N] [--rate R] [--customers C]" ;;
  esac
  shift
done
[[ "$MINUTES" =~ ^[1-9][0-9]*$ ]] || die "--minutes takes a whole number of minutes, not '$MINUTES'"
[[ "$REPLICAS" =~ ^[1-9]$ ]] || die "--replicas takes 1 to 9, not '$REPLICAS'"
[[ "$RATE" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--rate takes journeys per second (e.g. 1.5), not '$RATE'"
[[ "$CUSTOMERS" =~ ^[1-9][0-9]*$ ]] || die "--customers takes a number, not '$CUSTOMERS'"

choose_jdk
ensure_local_postgres
OUT="$ROOT/.data/chaos/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

say "building every module (log $OUT/build.log)"
mvnw -q install -DskipTests >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; die "build failed"; }

LAUNCHER_PID=""
cleanup() {
  if [ -n "$LAUNCHER_PID" ]; then stop_pid "$LAUNCHER_PID" "infrastructure"; fi
  rm -f "$ROOT/.data/test/launcher.pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The run restarts Kafka and MongoDB: only infrastructure of its own (test mode), never the one a
# scripts/run.sh in another terminal is using.
if [ -f "$ROOT/.data/run/infra.properties" ] && is_running "$(infra_value run launcher.pid)"; then
  die "scripts/run.sh's infrastructure is running; stop it first (the chaos run restarts Kafka and MongoDB)"
fi
start_launcher test --keycloak

say "chaos: $MINUTES min, $REPLICAS instances per service, $RATE journeys/s; progress below, report in $OUT"
status=0
mvnw -o surefire:test -pl integration-tests -Dtest=ChaosJourneyTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.seconds=$((MINUTES * 60)) -Dchaos.replicas="$REPLICAS" -Dchaos.rate="$RATE" \
  -Dchaos.customers="$CUSTOMERS" -Dchaos.out="$OUT" 2>&1 | tee "$OUT/run.log" | grep --line-buffered '^\[chaos' || true
grep -q "Tests run: 1, Failures: 0, Errors: 0" "$OUT/run.log" || status=1
if [ -f "$OUT/report.md" ]; then
  say "report: $OUT/report.md"
  sed -n '/^## Findings/,/^!\[/p' "$OUT/report.md" | head -40
else
  say "no report was written; see $OUT/run.log"
fi
exit "$status"
