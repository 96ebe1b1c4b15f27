-- The relays are woken by the writers of their own process, not by NOTIFY: PostgreSQL serialises
-- the commits of every notifying transaction of the server on one lock held through the commit's
-- flush, and every hold, order and payment announced an event (OutboxRelay, RelayPacing).
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
DROP FUNCTION IF EXISTS outbox_notify();
