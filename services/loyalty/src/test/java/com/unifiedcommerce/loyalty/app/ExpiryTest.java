package com.unifiedcommerce.loyalty.app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.loyalty.LoyaltyScenes;
import com.unifiedcommerce.loyalty.jobs.LoyaltyJobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Points expire a year after they were credited, oldest first, never the held ones; customers are
 * warned once per window of what expires soon; holds expire at their deadline.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class ExpiryTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Inject
    DataSource database;

    @Inject
    LoyaltyJobs jobs;

    @Inject
    MeterRegistry registry;

    private LoyaltyScenes scenes;

    @BeforeEach
    void scenes() {
        scenes = new LoyaltyScenes(keycloak, kafka);
    }

    /** Moves the customer's credits so far back in time, as if they had been made that long ago. */
    private void ageCredits(String customerId, int days) {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE loyalty.transfer SET at = at - make_interval(days => ?) WHERE credit = ?")) {
            update.setInt(1, days);
            update.setString(2, "customer:" + customerId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long number(String customerId, String field) {
        return ((Number) scenes.account(customerId).get(field)).longValue();
    }

    @Test
    void theOldestPointsExpireFirstAndHeldPointsNeverDo() {
        String customer = "cus-expiry-" + runId;
        scenes.adjust(customer, 100);
        ageCredits(customer, 400);
        scenes.adjust(customer, 50);
        // 30 spent counts against the oldest credit: 70 of the old 100 are left to expire.
        scenes.hold(customer, "ord-expiry-spent-" + runId, 30).then().statusCode(201);
        given().auth()
                .oauth2(scenes.tokens().service("order"))
                .post("/api/loyalty/holds/ord-expiry-spent-" + runId + "/capture")
                .then()
                .statusCode(200);
        scenes.hold(customer, "ord-expiry-held-" + runId, 20).then().statusCode(201);
        assertEquals(70, number(customer, "expiringSoon"));

        double expiredBefore = expiredPoints();
        jobs.expirePoints(Instant.now()).await().atMost(Duration.ofSeconds(30));
        assertEquals(50, number(customer, "balance"));
        assertEquals(20, number(customer, "held"));
        // The business figure counts the PointsExpired event once it is published.
        Eventually.equal(true, () -> expiredPoints() - expiredBefore >= 70);
        assertEquals(30, number(customer, "available"));
        assertEquals(0, number(customer, "expiringSoon"));
        // Running again (or on a second replica) expires nothing more.
        jobs.expirePoints(Instant.now()).await().atMost(Duration.ofSeconds(30));
        assertEquals(50, number(customer, "balance"));
    }

    private double expiredPoints() {
        Counter expired = registry.find("commerce.loyalty.points")
                .tag("movement", "expired")
                .counter();
        return expired == null ? 0 : expired.count();
    }

    /** The PointsExpiring events the ledger published for this customer. */
    private List<String> warnings(String customer, int atLeast, Duration limit) {
        return TopicReader.read(kafka, Topics.LOYALTY, customer::equals, atLeast, limit).stream()
                .filter(r -> EventType.POINTS_EXPIRING
                        .type()
                        .equals(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void customersAreWarnedOnceWhenPointsWillExpireWithinTheWindow() throws Exception {
        String customer = "cus-expiring-" + runId;
        String fresh = "cus-not-expiring-" + runId;
        scenes.adjust(customer, 100);
        ageCredits(customer, 350); // expires in 15 days: within the 30-day window
        scenes.adjust(customer, 40); // new: expires in a year, not part of this warning
        scenes.adjust(fresh, 100);
        assertEquals(100, number(customer, "expiringSoon"));

        // Four replicas running the job at the same moment warn once between them.
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Each on a context of its own, as the scheduler runs a job.
                runs.add(replicas.submit(() -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> jobs.warnExpiring(Instant.now()));
                    } catch (Throwable failed) {
                        throw new IllegalStateException(failed);
                    }
                }));
            }
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            replicas.shutdownNow();
        }
        // Later hourly runs warn nobody again within the window.
        jobs.warnExpiring(Instant.now()).await().atMost(Duration.ofSeconds(30));
        jobs.warnExpiring(Instant.now().plus(Duration.ofDays(10))).await().atMost(Duration.ofSeconds(30));

        List<String> warned = warnings(customer, 2, Duration.ofSeconds(4));
        assertEquals(1, warned.size(), warned.toString());
        var warning = new com.fasterxml.jackson.databind.ObjectMapper().readTree(warned.get(0));
        assertEquals(100, warning.path("points").asLong());
        assertEquals(customer, warning.path("customerId").asText());
        assertEquals(List.of(), warnings(fresh, 1, Duration.ofSeconds(2)));

        // Past the window, what is about to expire then is a new batch: one more warning.
        ageCredits(customer, 340); // the 40 new points now expire within 30 days too
        jobs.warnExpiring(Instant.now().plus(Duration.ofDays(31))).await().atMost(Duration.ofSeconds(30));
        assertEquals(2, warnings(customer, 2, Duration.ofSeconds(4)).size());
    }

    @Test
    void pointsHeldForAnOrderAreNotExpired() {
        String customer = "cus-expiry-all-held-" + runId;
        scenes.adjust(customer, 100);
        ageCredits(customer, 400);
        scenes.hold(customer, "ord-expiry-all-held-" + runId, 100).then().statusCode(201);
        jobs.expirePoints(Instant.now()).await().atMost(Duration.ofSeconds(30));
        assertEquals(100, number(customer, "balance"));
        assertEquals(100, number(customer, "held"));
    }

    @Test
    void aHoldNobodyCapturedGivesItsPointsBackAtItsDeadline() {
        String customer = "cus-hold-deadline-" + runId;
        String reference = "ord-hold-deadline-" + runId;
        scenes.adjust(customer, 100);
        scenes.hold(customer, reference, 60).then().statusCode(201);
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE loyalty.point_hold SET expires_at = now() - interval '1 second' WHERE reference = ?")) {
            update.setString(1, reference);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        jobs.expireHolds().await().atMost(Duration.ofSeconds(30));
        assertEquals(0, number(customer, "held"));
        Map<String, Object> view = given().auth()
                .oauth2(scenes.tokens().service("order"))
                .post("/api/loyalty/holds/" + reference + "/capture")
                .then()
                .statusCode(409)
                .extract()
                .path("$");
        assertEquals("EXPIRED", view.get("status"));
    }
}
