package com.unifiedcommerce.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.infra.support.LoadRun.Result;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Holds per second through the API (spread over many SKUs, and all on one hot SKU), beside the
 * PostgreSQL ceiling for one conditional increment and one insert per transaction measured in
 * the same run, and availability lookups per second; each with p50/p99. Run by
 * scripts/bench-inventory.sh, never by the test suite. Settings: -Dbench.clients, -Dbench.seconds.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "inventory"),
            @ResourceArg(name = "keycloak", value = "true")
        })
class InventoryBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int SKUS = 5_000;

    @Inject
    DataSource database;

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void holdsAndLookups() throws Exception {
        scene();
        String token = new TestTokens(keycloak).service("order");
        String base = RestAssured.baseURI + ":" + RestAssured.port;

        report("PostgreSQL ceiling, spread over " + SKUS + " rows (tps)", ceiling(false));
        report("PostgreSQL ceiling, one row (tps)", ceiling(true));

        AtomicLong references = new AtomicLong();
        report("holds via API, spread over " + SKUS + " SKUs (holds/s)", run(client -> {
            String sku = "B-" + ThreadLocalRandom.current().nextInt(SKUS);
            return hold(base, token, "bench-" + references.incrementAndGet(), sku);
        }));
        report(
                "holds via API, one hot SKU (holds/s)",
                run(client -> hold(base, token, "bench-" + references.incrementAndGet(), "B-HOT")));
        report(
                "availability, 3 SKUs at the stores within 10 km (lookups/s)",
                run(client -> HttpRequest.newBuilder(URI.create(base
                                + "/api/availability?sku=B-1&sku=B-2&sku=B-HOT&lat=48.8566&lon=2.3522&radiusKm=10"))
                        .GET()
                        .build()));
    }

    private static HttpRequest hold(String base, String token, String reference, String sku) {
        String body = "{\"locationId\":\"bench-1\",\"reference\":\"" + reference + "\",\"ttlSeconds\":3600,"
                + "\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}";
        return HttpRequest.newBuilder(URI.create(base + "/api/reservations"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Five stores in Paris, SKUS items with a million units each at the first, and a hot SKU. */
    private void scene() throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO location (id, name, type, latitude, longitude, pickup_enabled,"
                    + " accepts_returns, pickup_hold_hours) SELECT 'bench-' || n, 'Bench ' || n, 'STORE',"
                    + " 48.85 + n * 0.01, 2.35, true, true, 48 FROM generate_series(1, 5) n ON CONFLICT DO NOTHING");
            statement.execute("INSERT INTO item (sku, name, category, list_price, currency, returnable)"
                    + " SELECT 'B-' || n, 'Bench ' || n, 'bench', 1000, 'EUR', true FROM generate_series(0, "
                    + (SKUS - 1) + ") n UNION ALL SELECT 'B-HOT', 'Hot', 'bench', 1000, 'EUR', true"
                    + " ON CONFLICT DO NOTHING");
            statement.execute("INSERT INTO stock (location_id, sku, on_hand) SELECT l.id, i.sku, 1000000"
                    + " FROM location l, item i WHERE l.id LIKE 'bench-%' AND i.sku LIKE 'B-%' ON CONFLICT DO NOTHING");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS bench_hold (id bigserial PRIMARY KEY, sku text, at timestamptz"
                            + " DEFAULT now())");
        }
    }

    /** The same work as ENVIRONMENT.md's measure: conditional increment plus an insert, one per commit. */
    private Result ceiling(boolean oneRow) throws Exception {
        return measure(client -> {
            // Its own connections, outside the service's small JDBC pool, one per client.
            Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
            connection.setAutoCommit(false);
            PreparedStatement take = connection.prepareStatement(
                    "UPDATE stock SET reserved = reserved + 1 WHERE location_id = 'bench-2' AND sku = ?"
                            + " AND on_hand - reserved >= 1");
            PreparedStatement record = connection.prepareStatement("INSERT INTO bench_hold (sku) VALUES (?)");
            return new LoadRun.Work() {
                @Override
                public boolean call() throws SQLException {
                    String sku = oneRow
                            ? "B-HOT"
                            : "B-" + ThreadLocalRandom.current().nextInt(SKUS);
                    take.setString(1, sku);
                    boolean ok = take.executeUpdate() == 1;
                    record.setString(1, sku);
                    record.executeUpdate();
                    connection.commit();
                    return ok;
                }

                @Override
                public void close() throws SQLException {
                    connection.close();
                }
            };
        });
    }

    /** Runs the requests once unmeasured (the application's compiler warms up), then measured. */
    private Result run(IntFunction<HttpRequest> requests) throws Exception {
        send(requests);
        return send(requests);
    }

    private Result send(IntFunction<HttpRequest> requests) throws Exception {
        return measure(client -> () -> {
            HttpResponse<Void> response = http.send(requests.apply(client), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 300;
        });
    }

    private static Result measure(LoadRun.Worker worker) throws Exception {
        return LoadRun.measure(CLIENTS, SECONDS, worker);
    }

    private static void report(String what, Result result) {
        LoadRun.report("inventory", what, result);
    }
}
