-- The W3C traceparent of the request that wrote the event: the relay sends it as a Kafka header,
-- so the consumers' spans join the trace of the change that caused the event.
ALTER TABLE outbox_event ADD COLUMN traceparent TEXT;
