#!/usr/bin/env bash
# Measures the outbox on this machine: relay throughput (events/s) and commit-to-consume lag
# (p50/p99), against real PostgreSQL and Kafka. Prints the BENCH lines; the figures go in the
# README. Options: -Dbench.events=N -Dbench.lag-events=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
choose_jdk
ensure_local_postgres
say "building"
mvnw -q install -DskipTests -pl services/platform -am
say "running the outbox benchmark (the test harness reuses or starts the infrastructure)"
mvnw -q -pl services/platform surefire:test -Dtest=OutboxBenchmark -Dbench.exclude=none "$@" 2>&1 | grep '^BENCH' || die "the benchmark printed no figures; see services/platform/target/surefire-reports"
