-- Holds of stock for a caller's reference (an order id): HELD -> COMMITTED -> FULFILLED, or
-- RELEASED / EXPIRED. The lines are kept with the hold, sorted by SKU.
CREATE TABLE reservation (
    id           uuid PRIMARY KEY,
    location_id  text NOT NULL REFERENCES location (id),
    reference    text NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 100),
    owner        text NOT NULL,
    status       text NOT NULL CHECK (status IN ('HELD', 'COMMITTED', 'FULFILLED', 'RELEASED', 'EXPIRED')),
    lines        jsonb NOT NULL,
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The expiry job's claim: only holds still waiting, oldest deadline first.
CREATE INDEX reservation_due ON reservation (expires_at) WHERE status = 'HELD';
