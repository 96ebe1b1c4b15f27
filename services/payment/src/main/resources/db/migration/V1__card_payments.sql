COMMENT ON SCHEMA payments IS 'Owned by the payment service: every tender''s life (authorise, capture, void, refund) and the payment journal';

-- One card tender of an order: what the provider authorised and what has since been captured and
-- refunded. The amounts move only by guarded statements under the row's lock; the checks below
-- make any other movement fail. "capturing" and "refunding" are asked of the provider and not yet
-- answered (a capture) or settled (a refund): they count against what is left.
CREATE TABLE card_payment (
    id uuid PRIMARY KEY,
    order_id text NOT NULL UNIQUE,
    status text NOT NULL CHECK (status IN ('AUTHORISING', 'AUTHORISED', 'DECLINED', 'VOIDED')),
    amount bigint NOT NULL CHECK (amount > 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    -- SHA-256 of the provider's card token: a retry with another card is told apart, and no token is kept.
    card_fingerprint text NOT NULL,
    card_last4 text,
    provider_ref text UNIQUE,
    decline_code text,
    expires_at timestamptz,
    captured bigint NOT NULL DEFAULT 0 CHECK (captured >= 0),
    capturing bigint NOT NULL DEFAULT 0 CHECK (capturing >= 0),
    refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    refunding bigint NOT NULL DEFAULT 0 CHECK (refunding >= 0),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (captured + capturing <= amount),
    CHECK (refunded + refunding <= captured)
);

-- Every movement asked of the provider, once per cause (e.g. the pickup that captures, the return
-- that refunds): a retry of the same cause finds its row and asks the provider again with the
-- same idempotency key, so the money moves once.
CREATE TABLE card_operation (
    payment_id uuid NOT NULL REFERENCES card_payment (id),
    kind text NOT NULL CHECK (kind IN ('CAPTURE', 'VOID', 'REFUND')),
    cause text NOT NULL,
    amount bigint NOT NULL CHECK (amount >= 0),
    status text NOT NULL CHECK (status IN ('REQUESTED', 'PENDING', 'SUCCEEDED', 'FAILED')),
    provider_ref text UNIQUE,
    failure text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (payment_id, kind, cause)
);

-- The payment journal: what happened to the money, in order, never changed afterwards.
CREATE TABLE payment_entry (
    id bigserial PRIMARY KEY,
    payment_id uuid NOT NULL REFERENCES card_payment (id),
    order_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('AUTHORISED', 'DECLINED', 'CAPTURED', 'CAPTURE_REFUSED', 'VOIDED',
        'REFUND_REQUESTED', 'REFUNDED', 'REFUND_FAILED')),
    amount bigint NOT NULL CHECK (amount >= 0),
    currency text NOT NULL,
    cause text NOT NULL,
    provider_ref text,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payment_entry_by_order ON payment_entry (order_id, id);

CREATE FUNCTION payment_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the payment journal is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER payment_entry_append_only BEFORE UPDATE OR DELETE ON payment_entry
    FOR EACH ROW EXECUTE FUNCTION payment_entry_append_only();

-- The provider's webhook events already applied: a replay is answered and changes nothing.
CREATE TABLE provider_event (
    id text PRIMARY KEY,
    type text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
