-- The loyalty ledger: double entry. Every movement of points is one transfer that debits one
-- account and credits another; each account's balance is kept in the same transaction, so the
-- balances always sum to zero and each equals its credits less its debits.
CREATE TABLE account (
    id           text PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('CUSTOMER', 'PROGRAM')),
    customer_id  text UNIQUE,
    balance      bigint NOT NULL DEFAULT 0,
    held         bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((kind = 'CUSTOMER') = (customer_id IS NOT NULL))
);

-- The program's side of every movement: points issued (earned), redeemed, expired, corrected.
INSERT INTO account (id, kind) VALUES
    ('program:issued', 'PROGRAM'),
    ('program:redeemed', 'PROGRAM'),
    ('program:expired', 'PROGRAM'),
    ('program:adjustments', 'PROGRAM');

-- Append-only. The source names the cause (e.g. order o-1, line l-1, EARN); a cause can move
-- points only once.
CREATE TABLE transfer (
    id        bigserial PRIMARY KEY,
    debit     text NOT NULL REFERENCES account (id),
    credit    text NOT NULL REFERENCES account (id),
    points    bigint NOT NULL CHECK (points > 0),
    kind      text NOT NULL,
    source    text NOT NULL UNIQUE CHECK (length(source) BETWEEN 1 AND 200),
    channel   text,
    store_id  text,
    reason    text,
    actor     text NOT NULL,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (debit <> credit)
);
CREATE INDEX transfer_debit ON transfer (debit, id);
CREATE INDEX transfer_credit ON transfer (credit, id);
