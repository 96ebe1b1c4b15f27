#!/usr/bin/env bash
# Measures the inventory on this machine: holds/s through the API (spread over many SKUs, and one
# hot SKU) beside the PostgreSQL ceiling for the same kind of transaction, and availability
# lookups/s, each with p50/p99. Prints the BENCH lines; the figures go in the README.
# Options: -Dbench.clients=N -Dbench.seconds=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
choose_jdk
ensure_local_postgres
say "building"
mvnw -q install -DskipTests -pl services/inventory -am
say "running the inventory benchmark (the test harness reuses or starts the infrastructure)"
mvnw -q -pl services/inventory surefire:test -Dtest=InventoryBenchmark -Dbench.exclude=none "$@" 2>&1 \
  | grep '^BENCH' || die "the benchmark printed no figures; see services/inventory/target/surefire-reports"
