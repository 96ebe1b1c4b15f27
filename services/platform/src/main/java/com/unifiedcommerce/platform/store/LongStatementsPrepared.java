package com.unifiedcommerce.platform.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactive PostgreSQL pool as Quarkus configures it, except that statements up to
 * {@code commerce.datasource.prepared-statement-cache-sql-limit} characters (16 KiB) are kept
 * prepared on each connection when {@code quarkus.datasource.reactive.cache-prepared-statements}
 * is on. The client's own limit is 2,048 characters, and the guarded single statements that carry
 * the ledgers (a hold, a sale, an order placed) are longer: they were parsed and planned again on
 * every execution, which was most of PostgreSQL's CPU per hold (docs/performance.md). Quarkus has
 * no setting for the limit; a pool creator is its way to adjust the connect options.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class LongStatementsPrepared implements PgPoolCreator {

    @ConfigProperty(name = "commerce.datasource.prepared-statement-cache-sql-limit", defaultValue = "16384")
    int sqlLimit;

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> options.setPreparedStatementCacheSqlLimit(sqlLimit));
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
