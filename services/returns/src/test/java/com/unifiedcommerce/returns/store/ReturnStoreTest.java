package com.unifiedcommerce.returns.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** No order line comes back more often than it was bought, also when returns race. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "returns"), @ResourceArg(name = "keycloak", value = "true")
        })
class ReturnStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Inject
    ReturnStore store;

    @Inject
    Mutiny.SessionFactory sessions;

    private Optional<Integer> take(String order, int units, int quantity) {
        return sessions.withTransaction(session -> store.take(session, order, "l1", units, quantity))
                .await()
                .atMost(WAIT);
    }

    @Test
    void unitsAreCountedUpToWhatWasBought() {
        String order = "ord-count-" + runId;
        assertEquals(Optional.of(0), take(order, 1, 3));
        assertEquals(Optional.of(1), take(order, 2, 3));
        assertEquals(Optional.empty(), take(order, 1, 3));
        assertEquals(Optional.empty(), take("ord-too-many-" + runId, 4, 3));
    }

    @Test
    void tenConcurrentReturnsOfOneUnitOfThreeAcceptExactlyThree() {
        String order = "ord-race-" + runId;
        List<Uni<Optional<Integer>>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(sessions.withTransaction(session -> store.take(session, order, "l1", 1, 3)));
        }
        List<Optional<Integer>> answers =
                Uni.join().all(attempts).andCollectFailures().await().atMost(WAIT);
        assertEquals(3, answers.stream().filter(Optional::isPresent).count());
        assertEquals(
                List.of(0, 1, 2),
                answers.stream().flatMap(Optional::stream).sorted().toList());
    }
}
