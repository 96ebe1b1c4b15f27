#!/usr/bin/env bash
# Measures checkouts per second through the gateway (web orders for pickup: item master, stock
# hold, order and outbox, with real tokens) with p50/p99, beside the PostgreSQL ceiling for a
# transaction of the same shape measured in the same run. Prints the BENCH lines; the figures go
# in the README. Options: -Dbench.clients=N -Dbench.seconds=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/system-bench.sh"
cd "$ROOT"
system_benchmark OrderCheckoutBenchmark checkout "$@"
