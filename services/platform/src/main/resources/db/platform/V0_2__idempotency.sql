-- Idempotency-Key: the first answer to a (caller, route, key) is stored in the transaction of
-- its effect, so a repeat gets that answer again and never a second effect.
CREATE TABLE idempotency_key (
    scope        TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    request_hash TEXT        NOT NULL,
    status       INT         NOT NULL DEFAULT 0,
    body         TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_by_expiry ON idempotency_key (expires_at);
