#!/usr/bin/env bash
# Measures the customer service's counter paths on this machine: enrolments/s and resolves/s by
# phone through the API, with p50/p99, against the MongoDB-protocol server the harness starts.
# Prints the BENCH lines; the figures go in the README. Options: -Dbench.clients=N -Dbench.seconds=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
choose_jdk
ensure_local_postgres
say "building"
mvnw -q install -DskipTests -pl services/customer -am
say "running the customer benchmark (the test harness reuses or starts the infrastructure)"
mvnw -q -pl services/customer surefire:test -Dtest=CustomerBenchmark "$@" 2>&1 \
  | grep '^BENCH' || die "the benchmark printed no figures; see services/customer/target/surefire-reports"
