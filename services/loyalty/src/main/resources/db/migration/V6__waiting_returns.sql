-- Returns that arrived before the pickup or delivery whose points they take back (two topics,
-- no order between them). They wait here, recorded as handled, and are applied in the
-- transaction that earns the order's points.
CREATE TABLE waiting_return (
    return_id      text PRIMARY KEY,
    order_id       text NOT NULL,
    payload        text NOT NULL,
    actor          text NOT NULL,
    waiting_since  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX waiting_return_by_order ON waiting_return (order_id);
