#!/usr/bin/env bash
# Shows and replays dead letters: events a consumer gave up on because they can never apply as
# they are (an unreadable payload, a rule that cannot pass), each with the error that stopped it.
#   scripts/dead-letters.sh list [topic]     every dead letter, and whether it was replayed
#   scripts/dead-letters.sh replay [topic]   publish the ones not replayed yet back where they came from
# Replaying is safe to repeat: a letter is replayed once, and consumers apply an event id once.
# The broker is KAFKA_BOOTSTRAP_SERVERS, else the one scripts/run.sh (or scripts/test.sh) started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

action="${1:-}"
case "$action" in
  list | replay) shift ;;
  *) echo "usage: scripts/dead-letters.sh list|replay [dead-letter topic]" >&2; exit 2 ;;
esac

choose_jdk >&2
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-}"
if [ -z "$bootstrap" ]; then
  for mode in run test; do
    if [ -f "$ROOT/.data/$mode/infra.properties" ] && is_running "$(infra_value "$mode" launcher.pid)"; then
      bootstrap="$(infra_value "$mode" kafka.bootstrap.servers)"
      break
    fi
  done
fi
[ -n "$bootstrap" ] || die "no broker: start the system (scripts/run.sh) or set KAFKA_BOOTSTRAP_SERVERS"

classpath="$(tools_classpath)"
say "dead letters on $bootstrap: $action $*" >&2
exec "$JAVA_HOME/bin/java" \
  -cp "$classpath" \
  -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  com.unifiedcommerce.infra.support.DeadLetters "$bootstrap" "$action" "$@"
