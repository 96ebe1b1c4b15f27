#!/usr/bin/env bash
# One reconciliation report of the running system: each PostgreSQL service checks its own
# invariants from scratch (inventory: stock against its journal and holds; orders: returned units,
# tenders, every placed order's hold in inventory both ways, and each card or gift card order's
# money taken and given back against payments and returns; loyalty: double entry, one earn
# per order line, one reversal per returned line, held points; returns: refunds per tender within
# what it paid; payments: amounts against the payment journal, and every authorisation against the
# card provider's own record). Exits 1 when anything is violated.
#   scripts/reconcile.sh            against scripts/run.sh's system (gateway :8080, Keycloak :8180)
# GATEWAY_URL, KEYCLOAK_URL, RECONCILE_USER and RECONCILE_PASSWORD (an admin; the demo realm's
# root by default) point it elsewhere.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

choose_jdk >&2
gateway="${GATEWAY_URL:-http://127.0.0.1:8080}"
keycloak="${KEYCLOAK_URL:-}"
if [ -z "$keycloak" ] && [ -f "$ROOT/.data/run/infra.properties" ]; then
  keycloak="$(infra_value run keycloak.url)"
fi
keycloak="${keycloak:-http://127.0.0.1:8180}"
classpath="$(tools_classpath)"
say "reconciling through $gateway (token from $keycloak)" >&2
exec "$JAVA_HOME/bin/java" \
  -cp "$classpath" \
  -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  com.unifiedcommerce.infra.support.Reconcile "$gateway" "$keycloak" \
  "${RECONCILE_USER:-root}" "${RECONCILE_PASSWORD:-root-pass}"
