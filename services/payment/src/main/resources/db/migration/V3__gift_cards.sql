-- Gift cards: a double-entry ledger like loyalty's. Every movement of value is one transfer that
-- debits one account and credits another, applied with both balances in one statement; so the
-- balances of one currency always sum to zero and each equals its credits less its debits.
--   gc:<code>          a card: what its holder may spend (never negative; held <= balance)
--   issuer:<currency>  the retailer's side of every card sold or given as store credit (negative:
--                      what the retailer owes the holders of cards)
--   redeemed:<currency> what was spent with cards on orders handed over
CREATE TABLE gift_account (
    id         text PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('CARD', 'ISSUER', 'REDEEMED')),
    currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance    bigint NOT NULL DEFAULT 0,
    held       bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (kind <> 'CARD' OR (balance >= 0 AND held <= balance)),
    CHECK (kind = 'CARD' OR held = 0)
);

-- Append-only. The cause names what moved the value (issue:<key>, redeem:<order>:<card>,
-- refund:<cause>:<card>); a cause moves value once.
CREATE TABLE gift_transfer (
    id       bigserial PRIMARY KEY,
    debit    text NOT NULL REFERENCES gift_account (id),
    credit   text NOT NULL REFERENCES gift_account (id),
    amount   bigint NOT NULL CHECK (amount > 0),
    kind     text NOT NULL CHECK (kind IN ('ISSUE', 'REDEEM', 'REFUND')),
    cause    text NOT NULL UNIQUE CHECK (length(cause) BETWEEN 1 AND 250),
    order_id text,
    actor    text NOT NULL,
    at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (debit <> credit)
);
CREATE INDEX gift_transfer_debit ON gift_transfer (debit, id);
CREATE INDEX gift_transfer_credit ON gift_transfer (credit, id);
CREATE INDEX gift_transfer_order ON gift_transfer (order_id) WHERE order_id IS NOT NULL;

CREATE FUNCTION gift_transfer_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the gift card ledger is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER gift_transfer_append_only BEFORE UPDATE OR DELETE ON gift_transfer
    FOR EACH ROW EXECUTE FUNCTION gift_transfer_append_only();

-- A card's amount held for an order at checkout (counted in the card's held), owned by the newest
-- checkout attempt; captured (redeemed) when the order is handed over, released when it is
-- cancelled or the attempt fails. refunded counts what returns gave back to the card since.
CREATE TABLE gift_hold (
    order_id text NOT NULL,
    account  text NOT NULL REFERENCES gift_account (id),
    amount   bigint NOT NULL CHECK (amount > 0),
    attempt  integer NOT NULL CHECK (attempt >= 0),
    status   text NOT NULL CHECK (status IN ('HELD', 'CAPTURED', 'RELEASED')),
    refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (order_id, account),
    CHECK (status = 'CAPTURED' OR refunded = 0)
);
