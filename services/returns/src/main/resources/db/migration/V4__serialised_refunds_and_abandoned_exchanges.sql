-- A return's request, fingerprinted: a repeat with the same Idempotency-Key is answered with the
-- return however long after (the key's own record expires), another request with it is refused.
ALTER TABLE return_record ADD COLUMN request_hash text;

-- What each tender of the order paid, as the order ledger said when the return was accepted, so
-- the refunds per tender can be checked against it from this database alone.
ALTER TABLE return_record ADD COLUMN order_tenders jsonb;

-- Exchange returns the order ledger gave up on: its sweep found the replacement waiting and the
-- return not accepted, and cancelled the replacement. Such a return can never be accepted after
-- (the sweep and the commit serialise on the return id).
CREATE TABLE abandoned_return (
    id  text PRIMARY KEY,
    at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
