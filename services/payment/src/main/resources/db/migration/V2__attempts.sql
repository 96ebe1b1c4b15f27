-- Checkout retries: each attempt of an order's checkout is numbered (as its stock and points holds
-- are); the payment belongs to the newest attempt that asked for it, and an older one can no longer
-- release it. Each time the payment starts again (after a decline or a void) it is a new
-- generation: a new idempotency key and merchant reference at the provider, so the provider does
-- not answer the new authorisation with the old one's outcome. An attempt that gave the payment up
-- while the provider's answer was unknown marks it abandoned; unless a later attempt takes it over,
-- the sweep cancels it at the provider by its reference.
ALTER TABLE card_payment
    ADD COLUMN attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1),
    ADD COLUMN abandoned_at timestamptz;
CREATE INDEX card_payment_abandoned ON card_payment (abandoned_at) WHERE status = 'AUTHORISING' AND abandoned_at IS NOT NULL;
