-- The service's schema (Flyway creates it from quarkus.flyway.schemas). Tables come with the
-- features that need them, each in a migration of its own.
COMMENT ON SCHEMA orders IS 'Owned by the order service: the order ledger: orders from every channel, lines, tenders, fulfilment and status history';
