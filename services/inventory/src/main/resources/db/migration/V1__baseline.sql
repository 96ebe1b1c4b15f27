-- The service's schema (Flyway creates it from quarkus.flyway.schemas). Tables come with the
-- features that need them, each in a migration of its own.
COMMENT ON SCHEMA inventory IS 'Owned by the inventory service: item master, locations, stock per location and reservations';
