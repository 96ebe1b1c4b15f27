#!/usr/bin/env bash
# Measures the loyalty ledger on this machine: points holds/s through the API, and picked-up
# orders consumed/s (a burst, and a steady rate with the lag from publish to points credited),
# with p50/p99. Prints the BENCH lines; the figures go in the README.
# Options: -Dbench.clients=N -Dbench.seconds=N -Dbench.events=N -Dbench.rate=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
choose_jdk
ensure_local_postgres
say "building"
mvnw -q install -DskipTests -pl services/loyalty -am
say "running the loyalty benchmark (the test harness reuses or starts the infrastructure)"
mvnw -q -pl services/loyalty surefire:test -Dtest=LoyaltyBenchmark -Dbench.exclude=none "$@" 2>&1 \
  | grep '^BENCH' || die "the benchmark printed no figures; see services/loyalty/target/surefire-reports"
