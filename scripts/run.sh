#!/usr/bin/env bash
# Runs the whole system on this machine: infrastructure, the five services and the gateway.
#   scripts/run.sh [--replicas N]
#                           build what is stale, start everything (N instances of each service,
#                           1 by default), wait until all is ready, print where it answers, then
#                           supervise: a service, balancer or gateway process that dies is started
#                           again (with a log line). Ctrl-C stops everything it started.
#   scripts/run.sh stop     stop a system started by scripts/run.sh in another terminal
#   scripts/run.sh status   show what is running
# Data persists in .data/run between runs; logs are in .data/run/logs.
#
# With N > 1, instance i of a service listens on 18000 + 100*i + (its port - 8080) (inventory-2 on
# 18201) and a balancer process (infra/support ServiceBalancer, what a Kubernetes Service is)
# listens on the service's own port (8081...), so services keep calling each other there; the
# gateway is given every instance (GATEWAY_UPSTREAM_*) and balances itself.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

RUN="$ROOT/.data/run"
LOGS="$RUN/logs"
# Not $RUN/pids: the launcher keeps its own processes' pids there.
PIDS="$RUN/apps"
# name:module:port, in start order; stopped in reverse.
APPS=(inventory:services/inventory:8081 order:services/order:8082 loyalty:services/loyalty:8083
  returns:services/returns:8084 customer:services/customer:8085 payment:services/payment:8086 gateway:gateway:8080)

# A PID file is trusted only while that PID is still a process of this checkout (named in its
# command line, or running in it), so a PID reused by another program is never signalled.
ours() {
  local pid="$1"
  is_running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$ROOT" && return 0
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$ROOT" ]
}

# Every process this script started has a PID file in $PIDS (instances, balancer, gateway).
stop_all() {
  local pidfile name
  # The gateway first, then the balancer, then the services: callers before what they call.
  for pidfile in "$PIDS"/gateway.pid "$PIDS"/balancer.pid "$PIDS"/*.pid; do
    [ -f "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    if ours "$(cat "$pidfile")"; then stop_pid "$(cat "$pidfile")" "$name"; fi
    rm -f "$pidfile" "$PIDS/$name.port"
  done
  if [ -f "$RUN/launcher.pid" ]; then
    if ours "$(cat "$RUN/launcher.pid")"; then stop_pid "$(cat "$RUN/launcher.pid")" "infrastructure"; fi
    rm -f "$RUN/launcher.pid"
  fi
  say "stopped"
}

status() {
  local pidfile name port
  shopt -s nullglob
  local files=("$PIDS"/*.pid)
  [ "${#files[@]}" -gt 0 ] || printf '%-12s not running\n' "services"
  for pidfile in "${files[@]}"; do
    name="$(basename "$pidfile" .pid)"
    port="$(cat "$PIDS/$name.port" 2>/dev/null || true)"
    if ours "$(cat "$pidfile")"; then
      printf '%-12s pid %-7s port %-6s %s\n' "$name" "$(cat "$pidfile")" "$port" \
        "$([ "$name" = balancer ] || curl -s -o /dev/null -w 'ready=%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)"
    else
      printf '%-12s not running\n' "$name"
    fi
  done
  if [ -f "$RUN/launcher.pid" ] && ours "$(cat "$RUN/launcher.pid")"; then
    printf '%-12s pid %s\n' "infra" "$(cat "$RUN/launcher.pid")"
  else
    printf '%-12s not running\n' "infra"
  fi
}

# The file whose age says when a module was last built.
artefact_of() {
  case "$1" in
    infra/launcher) echo "$1/target/infra-launcher.jar" ;;
    infra/kafka-broker) echo "$1/target/libs" ;;
    *) echo "$1/target/quarkus-app/quarkus-run.jar" ;;
  esac
}

# Modules whose build output is missing or older than their sources or the code they build on.
stale_modules() {
  local app module artefact inputs
  for app in "${APPS[@]}" launcher:infra/launcher:0 kafka:infra/kafka-broker:0; do
    IFS=: read -r _ module _ <<<"$app"
    case "$module" in
      infra/launcher) inputs=(pom.xml infra/support) ;;
      infra/kafka-broker) inputs=(pom.xml) ;;
      *) inputs=(pom.xml contracts services/platform) ;;
    esac
    artefact="$(artefact_of "$module")"
    if [ ! -e "$artefact" ] || [ -n "$(find "$module/pom.xml" "$module/src" "${inputs[@]}" -newer "$artefact" -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
      echo "$module"
    fi
  done
}

build_stale() {
  local stale module
  mapfile -t stale < <(stale_modules)
  if [ "${#stale[@]}" -eq 0 ]; then
    say "build: everything is up to date"
    return
  fi
  say "building ${stale[*]} (log $LOGS/build.log)"
  mvnw -q package -DskipTests -pl "$(IFS=,; echo "${stale[*]}")" -am >"$LOGS/build.log" 2>&1 \
    || { tail -30 "$LOGS/build.log" >&2; die "build failed; see $LOGS/build.log"; }
  # Maven leaves an unchanged jar untouched; mark it built so the next start does not rebuild it.
  for module in "${stale[@]}"; do touch "$(artefact_of "$module")"; done
}

# The instances to run, as instance:module:port (filled once --replicas is known).
INSTANCES=()
plan_instances() {
  local app name module port r
  for app in "${APPS[@]}"; do
    IFS=: read -r name module port <<<"$app"
    if [ "$name" = gateway ] || [ "$REPLICAS" -eq 1 ]; then
      INSTANCES+=("$name:$module:$port")
    else
      for ((r = 1; r <= REPLICAS; r++)); do
        INSTANCES+=("$name-$r:$module:$((18000 + 100 * r + port - 8080))")
      done
    fi
  done
}

# Every instance URL of a service, comma-separated (what the gateway balances over).
instance_urls() {
  local instance name port urls=""
  for instance in "${INSTANCES[@]}"; do
    IFS=: read -r name _ port <<<"$instance"
    [ "${name%-*}" = "$1" ] || [ "$name" = "$1" ] || continue
    urls="${urls:+$urls,}http://localhost:$port"
  done
  echo "$urls"
}

start_app() {
  local instance="$1" module="$2" port="$3"
  local name="${instance%-[0-9]*}"
  local env=(QUARKUS_HTTP_PORT="$port" KEYCLOAK_URL="$(infra_value run keycloak.url)")
  case "$name" in
    customer) env+=(MONGODB_URI="$(infra_value run mongodb.uri)" KAFKA_BOOTSTRAP_SERVERS="$(infra_value run kafka.bootstrap.servers)"
      SMTP_HOST="${SMTP_HOST:-$(infra_value run mail.smtp.host)}" SMTP_PORT="${SMTP_PORT:-$(infra_value run mail.smtp.port)}") ;;
    gateway)
      if [ "$REPLICAS" -gt 1 ]; then
        env+=(GATEWAY_UPSTREAM_INVENTORY="$(instance_urls inventory)" GATEWAY_UPSTREAM_ORDER="$(instance_urls order)"
          GATEWAY_UPSTREAM_LOYALTY="$(instance_urls loyalty)" GATEWAY_UPSTREAM_RETURNS="$(instance_urls returns)"
          GATEWAY_UPSTREAM_CUSTOMER="$(instance_urls customer)" GATEWAY_UPSTREAM_PAYMENT="$(instance_urls payment)")
      fi ;;
    *) env+=(DB_HOST="$(infra_value run postgres.host)" DB_PORT="$(infra_value run postgres.port)"
      KAFKA_BOOTSTRAP_SERVERS="$(infra_value run kafka.bootstrap.servers)") ;;
  esac
  # Demo stores, items and stock, loaded by the inventory service only into an empty database.
  [ "$name" = inventory ] && env+=(INVENTORY_SEED_DEMO=true)
  # The development realm's client secrets (infra/keycloak) and a pickup-code secret: the packaged
  # applications run in the production profile, which refuses to start without them.
  case "$name" in
    order) env+=(ORDER_CLIENT_SECRET="${ORDER_CLIENT_SECRET:-order-dev-secret}"
      ORDER_PICKUP_CODE_SECRET="${ORDER_PICKUP_CODE_SECRET:-dev-only-pickup-code-secret}") ;;
    returns) env+=(RETURNS_CLIENT_SECRET="${RETURNS_CLIENT_SECRET:-returns-dev-secret}") ;;
    customer) env+=(CUSTOMER_CLIENT_SECRET="${CUSTOMER_CLIENT_SECRET:-customer-dev-secret}" CUSTOMER_SEED_DEMO=true) ;;
    # The launcher's payment-provider simulator, with its development key and webhook secret; it
    # posts refund webhooks to the gateway, as a real provider would to the public address.
    payment) env+=(PAYMENT_PROVIDER_URL="$(infra_value run payment.provider.url)"
      PAYMENT_PROVIDER_API_KEY="${PAYMENT_PROVIDER_API_KEY:-provider-api-dev-secret}"
      PAYMENT_PROVIDER_WEBHOOK_SECRET="${PAYMENT_PROVIDER_WEBHOOK_SECRET:-provider-webhook-dev-secret}"
      PAYMENT_WEBHOOK_URL="http://127.0.0.1:8080/api/payments/provider/webhooks") ;;
  esac
  # shellcheck disable=SC2046 # the options are words
  env "${env[@]}" "$JAVA_HOME/bin/java" -Xmx256m $(app_jvm_options) -jar "$ROOT/$module/target/quarkus-app/quarkus-run.jar" \
    >>"$LOGS/$instance.log" 2>&1 &
  echo $! >"$PIDS/$instance.pid"
  echo "$port" >"$PIDS/$instance.port"
  say "$instance: starting on port $port (pid $!), log $LOGS/$instance.log"
}

# With replicas: one process holding a balancer on each service's own port.
start_balancer() {
  local app name port args=() instance iname iport list
  for app in "${APPS[@]}"; do
    IFS=: read -r name _ port <<<"$app"
    [ "$name" = gateway ] && continue
    list=""
    for instance in "${INSTANCES[@]}"; do
      IFS=: read -r iname _ iport <<<"$instance"
      [ "${iname%-*}" = "$name" ] && list="${list:+$list,}127.0.0.1:$iport"
    done
    args+=("$name=$port:$list")
  done
  "$JAVA_HOME/bin/java" -Xmx64m -cp "$ROOT/infra/launcher/target/infra-launcher.jar:$ROOT/infra/launcher/target/lib/*" \
    com.unifiedcommerce.infra.support.ServiceBalancer "${args[@]}" >>"$LOGS/balancer.log" 2>&1 &
  echo $! >"$PIDS/balancer.pid"
  say "balancer: services' own ports 8081-8086 spread over their instances (pid $!), log $LOGS/balancer.log"
}

await_ready() {
  local name="$1" port="$2" pid waited=0
  pid="$(cat "$PIDS/$name.pid")"
  until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    if ! is_running "$pid"; then
      tail -20 "$LOGS/$name.log" >&2
      die "$name exited during start; see $LOGS/$name.log"
    fi
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt 180 ] || die "$name not ready after 180 s; see $LOGS/$name.log"
  done
  say "$name: ready"
}

print_table() {
  local app name port pg="$(infra_value run postgres.host):$(infra_value run postgres.port)"
  [ "$(infra_value run postgres.embedded)" = true ] && pg="$pg (embedded)" || pg="$pg (local server)"
  echo
  printf '%-11s %-44s %s\n' "WHAT" "WHERE" "LOG"
  for app in "${INSTANCES[@]}"; do
    IFS=: read -r name _ port <<<"$app"
    printf '%-11s %-44s %s\n' "$name" "http://localhost:$port  (/q/swagger-ui)" ".data/run/logs/$name.log"
  done
  [ "$REPLICAS" -gt 1 ] && printf '%-11s %-44s %s\n' "balancer" "localhost:8081-8086 (services call each other)" ".data/run/logs/balancer.log"
  printf '%-11s %-44s %s\n' "postgresql" "$pg" "-"
  printf '%-11s %-44s %s\n' "kafka" "$(infra_value run kafka.bootstrap.servers)" ".data/run/logs/kafka.log"
  printf '%-11s %-44s %s\n' "mongodb" "$(infra_value run mongodb.uri)" ".data/run/logs/mongodb.log"
  printf '%-11s %-44s %s\n' "keycloak" "$(infra_value run keycloak.url)  (admin / admin)" ".data/run/logs/keycloak.log"
  printf '%-11s %-44s %s\n' "card sim." "$(infra_value run payment.provider.url)  (test cards: infra/launcher TestCards)" ".data/run/logs/payment-provider.log"
  if [ "$(infra_value run mail.imap.port)" != 0 ]; then
    printf '%-11s %-44s %s\n' "mail" "smtp :$(infra_value run mail.smtp.port), imap :$(infra_value run mail.imap.port) (login = address)" ".data/run/logs/mail.log"
  fi
  echo
  printf 'demo users (password = <name>-pass): customers alice, bob; associates ada (store-001), ben (store-002);\n'
  printf 'manager maria (store-001); admin root; nora (no profile yet). Token: curl -d grant_type=password -d client_id=commerce-tests \\\n'
  printf '  -d username=alice -d password=alice-pass %s/realms/commerce/protocol/openid-connect/token\n' "$(infra_value run keycloak.url)"
  echo
  say "all ready: curl http://localhost:8080/q/health/ready. Ctrl-C (or scripts/run.sh stop) stops everything."
  say "traces: every span is a line of its application's log (category commerce.spans; grep a trace id in $LOGS/*.log)"
}

# From another terminal: ask the foreground run.sh to stop (it stops what it started), then make
# sure nothing it recorded is left, in case it was killed without a chance to clean up.
stop_from_outside() {
  local pid
  if [ -f "$RUN/run.pid" ] && pid="$(cat "$RUN/run.pid")" && ours "$pid"; then
    say "asking scripts/run.sh (pid $pid) to stop"
    kill -TERM "$pid" 2>/dev/null || true
    while is_running "$pid"; do sleep 1; done
  fi
  stop_all
}

REPLICAS=1
COMMAND=start
while [ $# -gt 0 ]; do
  case "$1" in
    stop|status|start) COMMAND="$1" ;;
    --replicas) shift; REPLICAS="${1:-}" ;;
    --replicas=*) REPLICAS="${1#*=}" ;;
    *) die "usage: scripts/run.sh [start] [--replicas N] | stop | status" ;;
  esac
  shift
done
[[ "$REPLICAS" =~ ^[1-9]$ ]] || die "--replicas takes a number from 1 to 9, not '$REPLICAS'"

case "$COMMAND" in
  stop) stop_from_outside; exit 0 ;;
  status) status; exit 0 ;;
esac

if [ -f "$RUN/launcher.pid" ] && ours "$(cat "$RUN/launcher.pid")"; then
  die "already running (infrastructure pid $(cat "$RUN/launcher.pid")); scripts/run.sh stop first"
fi

choose_jdk
ensure_local_postgres
mkdir -p "$LOGS" "$PIDS"
rm -f "$PIDS"/*.pid "$PIDS"/*.port
echo $$ >"$RUN/run.pid"
plan_instances

build_stale

trap 'stop_all; rm -f "$RUN/run.pid"' EXIT
trap 'echo; exit 130' INT TERM

start_launcher run --keycloak
say "applications' JIT and GC: '$(app_jvm_options)' ($(nproc) cores; APP_JIT=full|quick and APP_GC=parallel|g1 set them)"
for instance in "${INSTANCES[@]}"; do
  IFS=: read -r name module port <<<"$instance"
  [ "$name" = gateway ] && continue
  start_app "$name" "$module" "$port"
done
[ "$REPLICAS" -gt 1 ] && start_balancer
start_app gateway gateway 8080
for instance in "${INSTANCES[@]}"; do
  IFS=: read -r name _ port <<<"$instance"
  await_ready "$name" "$port"
done
print_table

# Stay in the foreground as a supervisor: a process that dies is started again, at most once
# every 5 s each, with a log line here and in its log. The infrastructure is not restarted
# (its data would be at stake): its death is reported.
declare -A LAST_START
while true; do
  for instance in "${INSTANCES[@]}" balancer::; do
    IFS=: read -r name module port <<<"$instance"
    pidfile="$PIDS/$name.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    is_running "$pid" && continue
    now=$(date +%s)
    if [ $((now - ${LAST_START[$name]:-0})) -lt 5 ]; then continue; fi
    LAST_START[$name]=$now
    status=0; wait "$pid" 2>/dev/null || status=$?
    say "$name (pid $pid) exited with status $status; starting it again"
    echo "[$(date +%H:%M:%S)] supervisor: pid $pid exited with status $status; starting again" >>"$LOGS/$name.log"
    if [ "$name" = balancer ]; then start_balancer; else start_app "$name" "$module" "$port"; fi
  done
  if [ -f "$RUN/launcher.pid" ] && ! is_running "$(cat "$RUN/launcher.pid")"; then
    say "the infrastructure (pid $(cat "$RUN/launcher.pid")) has exited; see .data/run/launcher.log. Stopping."
    rm -f "$RUN/launcher.pid"
    exit 1
  fi
  sleep 2 &
  wait $! || true
done
