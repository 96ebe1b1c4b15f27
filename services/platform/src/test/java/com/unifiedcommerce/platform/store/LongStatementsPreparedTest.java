package com.unifiedcommerce.platform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A statement longer than the reactive client's own limit (2,048 characters), such as a hold, is
 * prepared once per connection and executed from then on, not parsed and planned every time.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class LongStatementsPreparedTest {

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void aLongStatementIsPreparedOnceOnItsConnectionAndReused() {
        String marker = "long_statement_" + System.nanoTime();
        // A comment pads the statement past 2,048 characters; PostgreSQL keeps it in the statement text.
        String statement = "SELECT CAST(?1 AS integer) + 1 AS " + marker + " /* " + "x".repeat(3_000) + " */";
        assertTrue(statement.length() > 2_048);

        List<Object> found = sessions.withSession(session -> session.createNativeQuery(statement)
                        .setParameter(1, 1)
                        .getSingleResult()
                        .chain(() -> session.createNativeQuery(statement)
                                .setParameter(1, 2)
                                .getSingleResult())
                        .chain(second -> session.createNativeQuery(
                                        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE ?1")
                                .setParameter(1, "%" + marker + "%")
                                .getSingleResult()
                                .map(prepared -> List.of(second, prepared))))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertEquals(3, ((Number) found.get(0)).intValue());
        assertEquals(1L, ((Number) found.get(1)).longValue(), "the long statement is prepared on the connection");
    }
}
