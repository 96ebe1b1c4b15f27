-- Transactional outbox, shared by every PostgreSQL service (platform library, db/platform).
-- A service inserts its events here in the same transaction as its state change; the relay
-- publishes them to Kafka and deletes them once the broker has acknowledged.
CREATE TABLE outbox_event (
    position     BIGSERIAL PRIMARY KEY,
    id           UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    aggregate_id TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    request_id   TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- One aggregate's events always fall in the same shard; a relay owns a shard while it
    -- publishes, so per-key order holds with any number of relays.
    shard        SMALLINT    NOT NULL GENERATED ALWAYS AS (abs(hashtext(aggregate_id) % 16)) STORED
);
CREATE INDEX outbox_event_by_shard ON outbox_event (shard, position);

-- The shards relays claim with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox_shard (shard SMALLINT PRIMARY KEY);
INSERT INTO outbox_shard SELECT generate_series(0, 15);

-- Wake the relays when events commit (NOTIFY is delivered at commit, never for a rollback).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Inbox: one row per (consumer, event) handled, written in the same transaction as the
-- consumer's effect, so a redelivered event changes nothing.
CREATE TABLE inbox_message (
    consumer    TEXT        NOT NULL,
    event_id    UUID        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);
