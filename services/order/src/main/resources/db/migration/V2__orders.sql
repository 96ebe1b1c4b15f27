-- The order ledger: every order from every channel. One order has one fulfilment (PICKUP at a
-- store, SHIP from a location, CARRY_OUT at the selling store); its lines, tenders and returned
-- quantities travel with it, so reading or changing an order is one row.
CREATE TABLE customer_order (
    id                  text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
    customer_id         text,
    channel             text NOT NULL CHECK (channel IN ('WEB', 'MOBILE', 'STORE')),
    fulfilment          text NOT NULL CHECK (fulfilment IN ('PICKUP', 'SHIP', 'CARRY_OUT')),
    location_id         text NOT NULL,
    status              text NOT NULL CHECK (status IN ('PLACED', 'READY_FOR_PICKUP', 'PICKED_UP', 'SHIPPED',
                                                        'DELIVERED', 'CANCELLED', 'RETURNED')),
    currency            text NOT NULL,
    total               bigint NOT NULL CHECK (total >= 0),
    points_redeemed     bigint NOT NULL CHECK (points_redeemed >= 0),
    points_value        bigint NOT NULL CHECK (points_value >= 0),
    lines               jsonb NOT NULL,
    tenders             jsonb NOT NULL,
    shipping_address    jsonb,
    carrier             text,
    tracking            text,
    reservation_id      text,
    pickup_hold_hours   integer,
    pickup_code_hash    text,
    pickup_deadline     timestamptz,
    pickup_attempts     integer NOT NULL DEFAULT 0,
    pickup_locked       boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_by_customer ON customer_order (customer_id, created_at DESC, id);
CREATE INDEX order_by_location ON customer_order (location_id, status, created_at DESC, id);
CREATE INDEX order_no_show_due ON customer_order (pickup_deadline) WHERE status = 'READY_FOR_PICKUP';

-- Every transition, with who, where and when. Append-only.
CREATE TABLE order_history (
    id           bigserial PRIMARY KEY,
    order_id     text NOT NULL REFERENCES customer_order (id),
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL,
    channel      text,
    location_id  text,
    reason       text,
    at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX order_history_by_order ON order_history (order_id, id);

-- Returns already recorded in the ledger: a return changes returned quantities once.
CREATE TABLE order_return (
    return_id  text PRIMARY KEY,
    order_id   text NOT NULL REFERENCES customer_order (id),
    at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
