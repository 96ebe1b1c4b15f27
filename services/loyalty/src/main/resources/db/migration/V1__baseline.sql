-- The service's schema (Flyway creates it from quarkus.flyway.schemas). Tables come with the
-- features that need them, each in a migration of its own.
COMMENT ON SCHEMA loyalty IS 'Owned by the loyalty service: the loyalty ledger: accounts, double-entry point transfers, holds, tiers and expiry';
