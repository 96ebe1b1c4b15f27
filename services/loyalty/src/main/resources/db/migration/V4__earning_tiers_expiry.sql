-- What each order line earned and had spent on it, written once when the line is picked up or
-- delivered, so a return reverses exactly that line's share (whole points, no drift) and the
-- qualifying spend for tiers is the money paid less what came back.
CREATE TABLE line_points (
    order_id     text NOT NULL,
    line_id      text NOT NULL,
    customer_id  text NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    paid_minor   bigint NOT NULL CHECK (paid_minor >= 0),
    earned       bigint NOT NULL CHECK (earned >= 0),
    redeemed     bigint NOT NULL CHECK (redeemed >= 0),
    returned     integer NOT NULL DEFAULT 0,
    channel      text,
    location_id  text,
    earned_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (order_id, line_id),
    CHECK (returned BETWEEN 0 AND quantity)
);
CREATE INDEX line_points_spend ON line_points (customer_id, earned_at);

-- Units of a line that a return brought back: a return moves a line's points once.
CREATE TABLE line_return (
    return_id  text NOT NULL,
    order_id   text NOT NULL,
    line_id    text NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    taken_back bigint NOT NULL,
    given_back bigint NOT NULL,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (return_id, line_id)
);

-- The tier as last computed (on earn and on reversal) from the qualifying spend.
ALTER TABLE account ADD COLUMN tier text NOT NULL DEFAULT 'BASE';

-- Expiry reads a customer account's credits by time.
CREATE INDEX transfer_credit_at ON transfer (credit, at);
