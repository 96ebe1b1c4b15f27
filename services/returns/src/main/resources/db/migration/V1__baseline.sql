-- The service's schema (Flyway creates it from quarkus.flyway.schemas). Tables come with the
-- features that need them, each in a migration of its own.
COMMENT ON SCHEMA returns IS 'Owned by the returns service: return policy, return authorisations, refunds per tender and disposition';
