-- Money that goes back through the payment service (card, gift card) is refunded only when the
-- provider confirms it: one row per return and such tender, PENDING when the return is accepted,
-- then REFUNDED or FAILED as the payment service's RefundSettled says. Cash and return credit are
-- paid back at the counter (or spent on the exchange) and need no row.
CREATE TABLE refund_settlement (
    return_id    text NOT NULL REFERENCES return_record (id),
    tender       text NOT NULL,
    amount       bigint NOT NULL CHECK (amount > 0),
    status       text NOT NULL CHECK (status IN ('PENDING', 'REFUNDED', 'FAILED')),
    failure      text,
    provider_ref text,
    settled_at   timestamptz,
    PRIMARY KEY (return_id, tender)
);
CREATE INDEX refund_settlement_open ON refund_settlement (status) WHERE status <> 'REFUNDED';

-- Returns accepted before this table counted their refunds as paid when accepted; they keep that.
INSERT INTO refund_settlement (return_id, tender, amount, status, settled_at)
SELECT r.id, f->>'tender', sum(CAST(f->'amount'->>'amount' AS bigint)), 'REFUNDED', r.created_at
FROM return_record r, jsonb_array_elements(r.refunds) f
WHERE f->>'tender' IN ('CARD', 'GIFT_CARD')
GROUP BY r.id, f->>'tender', r.created_at
HAVING sum(CAST(f->'amount'->>'amount' AS bigint)) > 0;
