-- Counter sales take stock at once; a sale's reference (its order id) takes stock only once.
CREATE TABLE counter_sale (
    reference    text PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 100),
    location_id  text NOT NULL REFERENCES location (id),
    lines        jsonb NOT NULL,
    actor        text NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Each returned line restocks once, whichever event or retry brings it.
CREATE TABLE restock (
    return_id      text NOT NULL,
    order_line_id  text NOT NULL,
    location_id    text NOT NULL REFERENCES location (id),
    sku            text NOT NULL REFERENCES item (sku),
    quantity       integer NOT NULL CHECK (quantity > 0),
    condition      text NOT NULL CHECK (condition IN ('RESELLABLE', 'DAMAGED')),
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (return_id, order_line_id)
);
