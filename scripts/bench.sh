#!/usr/bin/env bash
# The whole performance picture in one run: starts the infrastructure and the packaged
# applications, measures the PostgreSQL ceilings, holds (spread and one hot SKU), availability,
# checkouts through the gateway (closed model for the maximum, open model at 70 % of it),
# pickup-to-points latency under that load, the CPU a checkout costs per application and the
# applications' idle CPU; prints one BENCH line per figure (docs/performance.md explains them).
# Each figure's own load first warms the applications until their JIT settles (at most 240 s
# each, -Dbench.warmup-max-seconds=N): a run takes about 15 minutes.
#
# Usage: scripts/bench.sh [--scale small|large] [--seconds N] [--clients N] [--profile DIR]
#   --scale large   loads 1,000 stores x 10,000 SKUs (10 million stock rows), a million orders
#                   and a million loyalty accounts first (several minutes, a few GB of disk)
#   --jit full|quick  every application's JIT (default: the full JIT, as scripts/run.sh;
#                   APP_GC=parallel|g1 likewise sets the collector, parallel on two cores)
#   --profile DIR   profiles every application (async-profiler, CPU) during the holds,
#                   availability and both checkout figures into DIR; DIR/summary.txt lists
#                   each profile's top frames
# Extra Maven options pass through (-o to build offline).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/system-bench.sh"
cd "$ROOT"

options=()
profile_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) options+=("-Dbench.scale=$2"); shift 2 ;;
    --seconds) options+=("-Dbench.seconds=$2"); shift 2 ;;
    --clients) options+=("-Dbench.clients=$2"); shift 2 ;;
    --jit) export APP_JIT="$2"; shift 2 ;;
    --profile) mkdir -p "$2"; options+=("-Dbench.profile=$(cd "$2" && pwd)"); profile_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) options+=("$1"); shift ;;
  esac
done
if [ -n "$profile_dir" ]; then
  # async-profiler from Maven Central: CPU samples of Java, JIT, GC and native code alike.
  profiler="$ROOT/.data/async-profiler/libasyncProfiler.so"
  if [ ! -f "$profiler" ]; then
    say "fetching async-profiler ${ASYNC_PROFILER_VERSION:=4.2} from Maven Central"
    mkdir -p "$ROOT/.data/async-profiler"
    mvnw -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" \
      -DoutputDirectory="$ROOT/.data/async-profiler" -Dmdep.stripVersion=true
    (cd "$ROOT/.data/async-profiler" && unzip -qjo async-profiler-linux-x64.jar 'linux-x64/libasyncProfiler.so')
  fi
  options+=("-Dbench.profiler=$profiler")
  say "profiles of every application go to $profile_dir (summary.txt: their top frames)"
fi
system_benchmark SystemBenchmark "whole-picture" "${options[@]}"
