#!/usr/bin/env bash
# Runs every test of every module against real infrastructure: PostgreSQL, Kafka, the MongoDB
# wire-protocol server and Keycloak, started here and stopped when the tests end (or on Ctrl-C).
# Extra arguments go to Maven, e.g. scripts/test.sh -pl services/inventory -am
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

choose_jdk
ensure_local_postgres
ensure_kubectl
ensure_chromium

say "building the infrastructure launcher and the Kafka broker classpath"
mvnw -q -pl infra/launcher -am package -DskipTests

LAUNCHER_PID=""
cleanup() {
  if [ -n "$LAUNCHER_PID" ]; then stop_pid "$LAUNCHER_PID" "infrastructure"; fi
  rm -f "$ROOT/.data/test/launcher.pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RUN_STATE="$ROOT/.data/run/infra.properties"
if [ -f "$RUN_STATE" ] && is_running "$(infra_value run launcher.pid)"; then
  say "infrastructure: reusing the one scripts/run.sh started (pid $(infra_value run launcher.pid))"
else
  start_launcher test --keycloak
fi
say "running ./mvnw verify (test output: each module's target/surefire-reports)"
mvnw verify -Dk8s.kubectl="$KUBECTL" "$@"
