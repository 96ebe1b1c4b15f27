-- Points set aside as a tender at checkout, for an order reference: HELD until the order is
-- placed (CAPTURED: the points are redeemed) or not (RELEASED, or EXPIRED at the deadline).
-- While HELD they count in the account's held column and cannot be spent twice.
CREATE TABLE point_hold (
    reference    text PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 100),
    customer_id  text NOT NULL,
    points       bigint NOT NULL CHECK (points > 0),
    status       text NOT NULL CHECK (status IN ('HELD', 'CAPTURED', 'RELEASED', 'EXPIRED')),
    owner        text NOT NULL,
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX point_hold_due ON point_hold (expires_at) WHERE status = 'HELD';
