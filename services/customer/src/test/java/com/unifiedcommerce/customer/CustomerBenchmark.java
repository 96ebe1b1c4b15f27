package com.unifiedcommerce.customer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.infra.support.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The counter's hot paths on the MongoDB-protocol server: enrolments per second (identity claims,
 * card, profile with its events) and resolves per second by phone in any spelling (two key
 * lookups), each with p50/p99, through the API with an associate's real token. Run by
 * scripts/bench-customers.sh, never by the test suite. Settings: -Dbench.clients, -Dbench.seconds.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "mongodb", value = "customer"), @ResourceArg(name = "keycloak", value = "true")
        })
class CustomerBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A distinct German landline per number: +49 30 and eight digits. */
    private static String phone(long n) {
        return "+49 30 " + (10_000_000 + n);
    }

    private boolean post(String token, String path, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == expected;
    }

    @Test
    void enrolAndResolve() throws Exception {
        String associate = new TestTokens(keycloak).user("ada");
        AtomicLong enrolled = new AtomicLong();
        LoadRun.Worker enrol = client -> () -> {
            long n = enrolled.incrementAndGet();
            String body = "{\"channel\":\"STORE\",\"firstName\":\"Bench\",\"phones\":[\"" + phone(n)
                    + "\"],\"consents\":{\"SMS\":true}}";
            return post(associate, "/api/customers", body, 201);
        };
        LoadRun.measure(CLIENTS, SECONDS, enrol); // the application's compiler warms up
        LoadRun.Result enrolments = LoadRun.measure(CLIENTS, SECONDS, enrol);
        LoadRun.report("customer", "enrolments at the counter (profiles/s)", enrolments);

        long known = enrolled.get() - CLIENTS; // every one of these was answered 201
        LoadRun.Worker resolve = client -> () -> {
            long n = 1 + ThreadLocalRandom.current().nextLong(known);
            String spelled = "00" + phone(n).substring(1).replace(" ", "");
            return post(associate, "/api/customers/resolve", "{\"phone\":\"" + spelled + "\"}", 200);
        };
        LoadRun.measure(CLIENTS, SECONDS, resolve);
        LoadRun.report(
                "customer",
                "resolves by phone over " + known + " profiles (lookups/s)",
                LoadRun.measure(CLIENTS, SECONDS, resolve));
    }
}
