-- Checkout is a saga (app/CheckoutSaga): the order row is written first, PENDING, while stock and
-- points are held for it, then becomes PLACED (or PICKED_UP at the counter) in the transaction
-- that writes OrderPlaced. An attempt that fails is COMPENSATING while it gives back what it
-- took, then REJECTED; a retry with the same Idempotency-Key is a new attempt on the same row.
-- The row is also the key's record: the request's hash tells a replay from another request,
-- however long after.
ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check;
ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check
    CHECK (status IN ('PENDING', 'COMPENSATING', 'REJECTED', 'PLACED', 'READY_FOR_PICKUP', 'PICKED_UP',
                      'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED'));
ALTER TABLE customer_order
    ADD COLUMN attempt       integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    ADD COLUMN request_hash  text,
    ADD COLUMN rejection     text;
-- The sweep's claim: checkouts a crash or a failed give-back left unsettled.
CREATE INDEX order_checkout_unsettled ON customer_order (updated_at) WHERE status IN ('PENDING', 'COMPENSATING');
