# Runs one benchmark class of integration-tests against the packaged applications and real
# infrastructure (started here unless scripts/run.sh already runs it) and prints its BENCH lines.
# Usage: system_benchmark <TestClass> <what> [maven options...]
system_benchmark() {
  local test_class="$1" what="$2"
  shift 2
  choose_jdk
  ensure_local_postgres

  mkdir -p "$ROOT/.data"
  if [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
    say "BENCH_SKIP_BUILD=1: using the applications as last built"
  else
    say "building the applications (log .data/bench-build.log)"
    mvnw -q install -DskipTests >"$ROOT/.data/bench-build.log" 2>&1 || { tail -30 "$ROOT/.data/bench-build.log" >&2; die "build failed"; }
  fi

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
  say "running the $what benchmark (applications' logs: integration-tests/target/apps)"
  # The applications run with the JIT and GC scripts/run.sh gives them on this machine
  # (app_jvm_options; APP_JIT=full|quick and APP_GC=parallel|g1 to measure the others). Compiler threads stay alive for the whole run, so
  # their CPU can be read per thread from /proc (checkout_jit_cpu_ms): by default the JVM starts and
  # stops them with the compile queue, and a stopped thread's CPU vanishes from /proc.
  local jvm_options
  jvm_options="$(app_jvm_options) -XX:-UseDynamicNumberOfCompilerThreads"
  say "applications' JVM options: '$jvm_options'"
  # Traces as production keeps them (k8s/overlays/prod: one in ten that start in the system),
  # written to the applications' logs; BENCH_TRACING_RATIO to measure another share.
  local tracing_ratio="${BENCH_TRACING_RATIO:-0.1}"
  say "traces recorded: $tracing_ratio of those the gateway starts (BENCH_TRACING_RATIO)"
  mvnw -q -pl integration-tests surefire:test -Dtest="$test_class" -Dbench.exclude=none \
    "-Dit.jvm-options=$jvm_options" \
    "-Dit.tracing-ratio=$tracing_ratio" "$@" 2>&1 \
    | grep --line-buffered '^BENCH' || die "the benchmark failed or printed no figures; see integration-tests/target/surefire-reports"
}
