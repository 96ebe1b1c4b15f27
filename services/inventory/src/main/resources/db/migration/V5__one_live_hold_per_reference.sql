-- A reference (an order id) holds stock at most once at a time. A checkout refused and retried
-- takes a fresh hold once the earlier one was given back (RELEASED, EXPIRED); never while one is
-- live (HELD, COMMITTED) or after its units left with the customer (FULFILLED).
ALTER TABLE reservation DROP CONSTRAINT reservation_reference_key;
CREATE UNIQUE INDEX reservation_live_reference ON reservation (reference)
    WHERE status IN ('HELD', 'COMMITTED', 'FULFILLED');
CREATE INDEX reservation_by_reference ON reservation (reference, created_at);

-- Which attempt of the caller's work (a checkout's attempt number) took the hold. A request of an
-- older attempt than one the reference has already seen is refused: a checkout attempt that was
-- given up for dead can never take, or give back, the stock of the attempt that replaced it.
ALTER TABLE reservation ADD COLUMN attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0);
