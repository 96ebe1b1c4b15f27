-- Accepted returns. A return belongs to one order; its lines, refunds per tender and points are
-- kept as they were decided, and travel in ReturnAccepted.
CREATE TABLE return_record (
    id              text PRIMARY KEY,
    order_id        text NOT NULL,
    customer_id     text,
    channel         text NOT NULL,
    location_id     text,
    currency        text NOT NULL,
    money           bigint NOT NULL CHECK (money >= 0),
    points_refunded bigint NOT NULL CHECK (points_refunded >= 0),
    points_reversed bigint NOT NULL CHECK (points_reversed >= 0),
    lines           jsonb NOT NULL,
    refunds         jsonb NOT NULL,
    actor           text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX return_by_order ON return_record (order_id, created_at);
CREATE INDEX return_by_location ON return_record (location_id, created_at);

-- Units of each order line that came back so far, and money refunded on the order: the guard
-- that no line comes back more often than it was bought, also under concurrent returns (one
-- statement checks and counts).
CREATE TABLE returned_units (
    order_id  text NOT NULL,
    line_id   text NOT NULL,
    returned  integer NOT NULL CHECK (returned >= 0),
    PRIMARY KEY (order_id, line_id)
);
