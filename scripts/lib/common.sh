# Shared by the scripts: progress messages, JDK choice, PostgreSQL, the launcher. Source it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export COMMERCE_ROOT="$ROOT"

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

# The JDK's feature version (17, 21, 25...) from its release file, or 0.
jdk_version() {
  local release="$1/release"
  [ -f "$release" ] || { echo 0; return; }
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

# JAVA_HOME when it is 21 or newer, else the newest JDK under /usr/lib/jvm that is.
choose_jdk() {
  local chosen="" best=0 dir v
  if [ -n "${JAVA_HOME:-}" ] && [ "$(jdk_version "$JAVA_HOME")" -ge 21 ]; then
    chosen="$JAVA_HOME"
  else
    for dir in /usr/lib/jvm/*/; do
      dir="${dir%/}"
      [ -x "$dir/bin/javac" ] || continue
      v="$(jdk_version "$dir")"
      if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best" ]; then best="$v"; chosen="$dir"; fi
    done
  fi
  [ -n "$chosen" ] || die "no JDK 21 or newer: set JAVA_HOME to one (found only: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' '))"
  export JAVA_HOME="$chosen"
  export PATH="$JAVA_HOME/bin:$PATH"
  say "JDK: $JAVA_HOME (Java $(jdk_version "$JAVA_HOME"))"
}

# A local PostgreSQL cluster that is installed but stopped is started; without one, the launcher
# starts real PostgreSQL binaries from Maven Central instead.
ensure_local_postgres() {
  if [ -n "${COMMERCE_PG_HOST:-}" ]; then
    say "PostgreSQL: using $COMMERCE_PG_HOST (COMMERCE_PG_HOST)"
  elif (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    say "PostgreSQL: the local server answers on 5432"
  elif command -v pg_lsclusters >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    local version cluster
    read -r version cluster _ < <(pg_lsclusters -h | head -1)
    say "PostgreSQL: starting the local cluster $version/$cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start \
      || say "PostgreSQL: could not start it; the launcher will use embedded PostgreSQL"
  else
    say "PostgreSQL: none installed here; the launcher will start embedded PostgreSQL"
  fi
}

mvnw() { "$ROOT/mvnw" -B "$@"; }

# kubectl, whose built-in Kustomize renders k8s/ for the manifest checks (k8s/check): the machine's
# if it has one, otherwise kubectl from Debian's kubernetes-client package, downloaded with apt and
# unpacked under .data/tools (nothing is installed system-wide). Sets KUBECTL.
ensure_kubectl() {
  if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
    KUBECTL="$(command -v kubectl)"
    return
  fi
  local dir="$ROOT/.data/tools/kubernetes-client" tmp
  if [ ! -x "$dir/usr/bin/kubectl" ]; then
    say "fetching kubectl (Debian's kubernetes-client package) into $dir"
    tmp="$(mktemp -d)"
    (cd "$tmp" && apt-get download kubernetes-client >"$tmp/apt.log" 2>&1) \
      || { cat "$tmp/apt.log" >&2; rm -rf "$tmp"; die "could not download Debian's kubernetes-client package"; }
    mkdir -p "$dir"
    dpkg -x "$tmp"/kubernetes-client_*.deb "$dir"
    rm -rf "$tmp"
  fi
  KUBECTL="$dir/usr/bin/kubectl"
}

# Debian's Chromium and its ChromeDriver, for the browser test of the gateway's Swagger UI
# (integration-tests SwaggerUiBrowserTest): installed with apt when missing (as root, or with sudo).
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  say "installing Debian's chromium and chromium-driver for the browser test (log: $ROOT/.data/apt-chromium.log)"
  mkdir -p "$ROOT/.data"
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium chromium-driver; } \
    >"$ROOT/.data/apt-chromium.log" 2>&1 \
    || { tail -20 "$ROOT/.data/apt-chromium.log" >&2; die "could not install chromium and chromium-driver"; }
}

# The applications' JIT compiler (app_jvm_options): the full JIT (C1 then C2) everywhere. Once
# warm, a checkout cost 12.2 ms of CPU outside the compilers with it against 21.1 ms with the quick
# compiler (C1) alone, on two cores (docs/performance.md, twelfth session). The price is the first
# minutes after a start: the compilers took a third of the CPU for two to four minutes of load,
# which is why the third session chose C1 on two cores from runs of 30 s. A retailer's services run
# for hours, so steady state decides; idle stays under 2 % of a core either way.
# APP_JIT=quick sets C1 alone for every application (a short-lived run, a demo on a small laptop).
# And its garbage collector: on two cores or fewer the parallel collector. G1, the JVM's choice on
# any machine of two cores, spent a fifth of inventory's samples during holds in concurrent marking,
# its refinement and the entry barriers it arms; with the parallel collector inventory's CPU per
# hold fell by a quarter or more and checkouts cost the same (docs/performance.md, eleventh session).
# With cores to spare the JVM chooses. APP_GC=parallel|g1 sets every application.
app_jvm_options() {
  local jit="${APP_JIT:-auto}" gc="${APP_GC:-auto}" options
  if [ "$jit" = auto ]; then jit=full; fi
  case "$jit" in
    quick) options="-XX:TieredStopAtLevel=1" ;;
    full) options="" ;;
    *) die "APP_JIT must be auto, full or quick, not '$jit'" ;;
  esac
  if [ "$gc" = auto ]; then
    if [ "$(nproc)" -le 2 ]; then gc=parallel; else gc=default; fi
  fi
  case "$gc" in
    parallel) options="$options -XX:+UseParallelGC" ;;
    g1) options="$options -XX:+UseG1GC" ;;
    default) ;;
    *) die "APP_GC must be auto, parallel or g1, not '$gc'" ;;
  esac
  echo "${options# }"
}

# The operators' tools (infra-support: reconciliation, dead letters) run on the launcher's jars and
# the Kafka broker's (the Kafka client and Jackson); built here when missing. Prints the classpath.
tools_classpath() {
  if [ ! -f "$ROOT/infra/launcher/target/infra-launcher.jar" ] || [ ! -d "$ROOT/infra/kafka-broker/target/libs" ]; then
    say "building the tools (infra/launcher, infra/kafka-broker)" >&2
    mvnw -q -pl infra/launcher -am package -DskipTests >&2
  fi
  echo "$ROOT/infra/launcher/target/lib/*:$ROOT/infra/kafka-broker/target/libs/*"
}

# Starts the infrastructure launcher in the background: start_launcher MODE [--keycloak].
# Sets LAUNCHER_PID; the caller stops it with stop_pid.
start_launcher() {
  local mode="$1"; shift
  local data="$ROOT/.data/$mode"
  local state="$data/infra.properties"
  mkdir -p "$data"
  rm -f "$state"
  say "infrastructure ($mode): starting; log $data/launcher.log"
  "$JAVA_HOME/bin/java" -cp "$ROOT/infra/launcher/target/infra-launcher.jar:$ROOT/infra/launcher/target/lib/*" \
    com.unifiedcommerce.infra.Launcher --root "$ROOT" --mode "$mode" "$@" >"$data/launcher.log" 2>&1 &
  LAUNCHER_PID=$!
  echo "$LAUNCHER_PID" >"$data/launcher.pid"
  local waited=0 shown=0 lines
  until [ -f "$state" ]; do
    is_running "$LAUNCHER_PID" || { tail -20 "$data/launcher.log" >&2; die "the launcher exited; see $data/launcher.log"; }
    lines=$(wc -l <"$data/launcher.log")
    if [ "$lines" -gt "$shown" ]; then sed -n "$((shown + 1)),${lines}p" "$data/launcher.log" | grep '^\[infra' || true; shown=$lines; fi
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt 300 ] || die "infrastructure not ready after 300 s; see $data/launcher.log"
  done
  sed -n "$((shown + 1)),\$p" "$data/launcher.log" | grep '^\[infra' || true
}

# Reads one value from the launcher's state file: infra_value MODE KEY
infra_value() {
  sed -n "s/^${2//./\\.}=//p" "$ROOT/.data/$1/infra.properties" | sed 's/\\:/:/g'
}

# True while the process exists and has not exited (an exited child not yet reaped is a zombie).
is_running() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ "$stat" != Z* ]]
}

# Stops one process we started, by its PID: SIGTERM, then SIGKILL after a grace period.
stop_pid() {
  local pid="$1" name="$2" waited=0
  is_running "$pid" || return 0
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while is_running "$pid"; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -eq 30 ]; then say "$name did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  wait "$pid" 2>/dev/null || true
}
