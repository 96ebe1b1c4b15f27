-- Item master, locations and stock per location, with the journal that explains every level.

CREATE TABLE item (
    sku          text PRIMARY KEY CHECK (sku ~ '^[A-Z0-9][A-Z0-9._-]{0,63}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category     text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    list_price   bigint NOT NULL CHECK (list_price >= 0),
    currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    returnable   boolean NOT NULL,
    return_days  integer CHECK (return_days BETWEEN 0 AND 365),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE location (
    id                 text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type               text NOT NULL CHECK (type IN ('STORE', 'DC')),
    latitude           double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude          double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    pickup_enabled     boolean NOT NULL,
    accepts_returns    boolean NOT NULL,
    pickup_hold_hours  integer NOT NULL CHECK (pickup_hold_hours BETWEEN 1 AND 720),
    updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (type = 'STORE' OR NOT pickup_enabled)
);
-- Radius searches first cut a latitude band, then compute distances on what is left.
CREATE INDEX location_latitude ON location (latitude, longitude);

-- One row per SKU and location. available = on_hand - reserved - safety_stock (never shown
-- below zero); damaged units are counted apart and never sold.
CREATE TABLE stock (
    location_id   text NOT NULL REFERENCES location (id),
    sku           text NOT NULL REFERENCES item (sku),
    on_hand       integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved      integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    safety_stock  integer NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
    damaged       integer NOT NULL DEFAULT 0 CHECK (damaged >= 0),
    PRIMARY KEY (location_id, sku)
);
CREATE INDEX stock_sku ON stock (sku);

-- Append-only: every change of on hand, reserved or damaged, with why, who and for what.
CREATE TABLE stock_movement (
    id              bigserial PRIMARY KEY,
    location_id     text NOT NULL,
    sku             text NOT NULL,
    kind            text NOT NULL,
    on_hand_delta   integer NOT NULL DEFAULT 0,
    reserved_delta  integer NOT NULL DEFAULT 0,
    damaged_delta   integer NOT NULL DEFAULT 0,
    reason          text,
    reference       text,
    actor           text NOT NULL,
    at              timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX stock_movement_stock ON stock_movement (location_id, sku, id);
CREATE INDEX stock_movement_reference ON stock_movement (reference);
