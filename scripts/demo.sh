#!/usr/bin/env bash
# A walk through the main journeys, as a storefront and a POS would make them: every call goes
# through the gateway with a real token from Keycloak, and each request is printed with the key
# fields of its answer.
#
#   1. back office: an item of its own for this walk, five units received at store-001
#   2. web (alice): availability, then an order to pick up at store-001, paid by card
#   3. store-001 (ada): the order is ready; alice reads her pickup code; ada hands it over
#   4. loyalty: alice's points go up once the pickup is recorded
#   5. store-002 (ben): alice returns one unit there; the card is refunded, points reversed
#   6. store-001 (ada): a counter sale for alice, who earns points for it too
#
# Needs a running system (scripts/run.sh) and curl and jq. Uses the demo users of the commerce
# realm (README, "Demo users and clients") and the password-grant client kept for tests and
# demos. Creates store-001 and store-002 only where they do not exist (a system started without
# the demo seed, as the end-to-end suite does); otherwise leaves the demo stores as they are.
#
#   GATEWAY_URL   the gateway (default http://localhost:8080)
#   KEYCLOAK_URL  Keycloak (default http://127.0.0.1:8180)
#
# Exit status 0 when every step answered as expected; otherwise it stops at the first surprise
# and says which.
set -euo pipefail

GATEWAY_URL="${GATEWAY_URL:-http://localhost:8080}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://127.0.0.1:8180}"
RUN="$(date +%s)-$$"
SKU="DEMO-${RUN}"
CARD="tok_4242424242424242"

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is needed" >&2; exit 2; }
done

step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

# A fresh access token for a demo user (their password is <name>-pass).
token() {
  curl -sS --fail-with-body \
    -d grant_type=password -d client_id=commerce-tests \
    -d "username=$1" -d "password=$1-pass" \
    "${KEYCLOAK_URL}/realms/commerce/protocol/openid-connect/token" | jq -er .access_token \
    || fail "no token for $1 from ${KEYCLOAK_URL}"
}

# call USER METHOD PATH [BODY]: prints the request, keeps the answer in $BODY and its status in
# $STATUS. POSTs carry an Idempotency-Key, as every client should send.
call() {
  local user="$1" method="$2" path="$3" body="${4:-}" out
  local args=(-sS -o /tmp/demo.$$ -w '%{http_code}' -X "$method" -H "Authorization: Bearer ${TOKENS[$user]}")
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$body")
  fi
  if [[ "$method" == POST ]]; then
    args+=(-H "Idempotency-Key: demo-${RUN}-${CALLS}")
  fi
  CALLS=$((CALLS + 1))
  printf '%s> %s %s' "$user" "$method" "$path"
  [[ -n "$body" ]] && printf ' %s' "$(jq -c . <<<"$body")"
  printf '\n'
  STATUS="$(curl "${args[@]}" "${GATEWAY_URL}${path}")" || fail "the gateway at ${GATEWAY_URL} did not answer"
  BODY="$(cat /tmp/demo.$$)"
  rm -f /tmp/demo.$$
}

# expect STATUS... : the last answer had one of these statuses, else stop with its problem.
expect() {
  local wanted
  for wanted in "$@"; do
    [[ "$STATUS" == "$wanted" ]] && return 0
  done
  fail "expected HTTP $* but got ${STATUS}: ${BODY}"
}

# show JQ: prints the answer's key fields.
show() {
  local shown
  shown="$(jq -c "$1" <<<"$BODY")" || fail "the answer does not have what '$1' reads: ${BODY}"
  printf '  %s %s\n' "$STATUS" "$shown"
}

# A customer's points balance (0 before their first points).
points() {
  call "$1" GET "/api/loyalty/accounts/$2" >/dev/null
  if [[ "$STATUS" == 404 ]]; then echo 0; else jq -r .balance <<<"$BODY"; fi
}

# wait_points USER CUSTOMER NOT: waits (up to 30 s) until the balance is no longer NOT.
wait_points() {
  local now
  for _ in $(seq 1 60); do
    now="$(points "$1" "$2")"
    if [[ "$now" != "$3" ]]; then
      echo "  $2 has $now points (was $3)"
      POINTS="$now"
      return 0
    fi
    sleep 0.5
  done
  fail "the points of $2 stayed at $3 for 30 s"
}

declare -A TOKENS
CALLS=1
step "Tokens from ${KEYCLOAK_URL} (password grant of the commerce-tests client)"
for user in root alice ada ben; do
  TOKENS[$user]="$(token "$user")"
  echo "  $user: $(cut -c1-24 <<<"${TOKENS[$user]}")…"
done

step "1. Back office: the stores, an item for this walk, stock at store-001"
for store in store-001 store-002; do
  call root GET "/api/locations/${store}"
  if [[ "$STATUS" == 404 ]]; then
    call root PUT "/api/locations/${store}" "$(jq -n --arg id "$store" '{name: ("Demo " + $id), type: "STORE",
      latitude: 48.8606, longitude: 2.3376, pickupEnabled: true, acceptsReturns: true, pickupHoldHours: 72,
      address: "1 rue de Rivoli, 75001 Paris"}')"
    expect 200 201
  fi
  show '{id, name, pickupEnabled, acceptsReturns}'
done
call root PUT "/api/items/${SKU}" '{"name": "Demo scarf", "category": "demo",
  "listPrice": {"amount": 2599, "currency": "EUR"}, "returnable": true}'
expect 200 201
show '{sku, name, listPrice}'
call root POST "/api/stock/store-001/${SKU}/adjustments" '{"delta": 5, "reason": "RECEIVED"}'
expect 201
show '{onHand, reserved, available}'

step "2. Web: alice looks for the item and orders two to pick up at store-001"
call alice GET "/api/availability?sku=${SKU}&locationId=store-001"
expect 200
show '[.locations[] | {locationId, lines}]'
BEFORE="$(points alice cus-alice)"
echo "  cus-alice has ${BEFORE} points"
call alice POST /api/orders "$(jq -n --arg sku "$SKU" --arg card "$CARD" '{channel: "WEB", fulfilment: "PICKUP",
  locationId: "store-001", lines: [{sku: $sku, quantity: 2}],
  tenders: [{type: "CARD", amount: {amount: 5198, currency: "EUR"}, reference: $card}]}')"
expect 201
show '{id, status, total, lines: [.lines[] | {lineId, sku, quantity}]}'
ORDER="$(jq -r .id <<<"$BODY")"

step "3. Store-001: ready, the customer's code, handed over"
call ada POST "/api/orders/${ORDER}/ready"
expect 200
show '{id, status}'
call alice GET "/api/orders/${ORDER}"
expect 200
show '{status, pickup: {code: .pickup.code, deadline: .pickup.deadline}}'
CODE="$(jq -er .pickup.code <<<"$BODY")" || fail "alice sees no pickup code"
call ada POST "/api/orders/${ORDER}/pickup" "$(jq -n --arg code "$CODE" '{code: $code}')"
expect 200
show '{id, status}'

step "4. Loyalty: the pickup earns alice her points"
wait_points alice cus-alice "$BEFORE"
EARNED="$POINTS"

step "5. Store-002: alice brings one back; her card is refunded and the points reversed"
call ben POST /api/returns "$(jq -n --arg order "$ORDER" '{orderId: $order, locationId: "store-002",
  lines: [{lineId: "l1", quantity: 1, reason: "WRONG_SIZE", condition: "RESELLABLE"}]}')"
expect 201
show '{id, money, pointsReversed, refundStatus, settlements: [.settlements[] | {tender, amount, status}]}'
wait_points alice cus-alice "$EARNED"
call root GET "/api/stock/store-002/${SKU}"
expect 200
show '{locationId, sku, onHand}'

step "6. Store-001: a counter sale for alice, paid by card; it earns points at once"
AFTER_RETURN="$POINTS"
call ada POST /api/orders "$(jq -n --arg sku "$SKU" --arg card "$CARD" '{channel: "STORE", fulfilment: "CARRY_OUT",
  locationId: "store-001", customerId: "cus-alice", lines: [{sku: $sku, quantity: 1}],
  tenders: [{type: "CARD", amount: {amount: 2599, currency: "EUR"}, reference: $card}]}')"
expect 201
show '{id, status, total}'
wait_points alice cus-alice "$AFTER_RETURN"

printf '\ndemo complete: order %s picked up, one unit returned at store-002, a counter sale at store-001\n' "$ORDER"
