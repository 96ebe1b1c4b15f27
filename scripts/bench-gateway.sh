#!/usr/bin/env bash
# Measures what the gateway adds to a request's latency (p50/p99) at a fixed request rate, with
# the packaged services and gateway against real infrastructure. Prints the BENCH lines; the
# figures go in the README. Options: -Dbench.rate=N (requests/s) -Dbench.seconds=N
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/system-bench.sh"
cd "$ROOT"
system_benchmark GatewayLatencyBenchmark gateway "$@"
