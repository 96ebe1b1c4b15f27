package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One reconciliation report of the whole system: every PostgreSQL service's invariants, checked
 * from scratch by the service (admin routes, through the gateway), and the order ledger's
 * comparison with inventory's holds. {@code scripts/reconcile.sh} prints it; the end-to-end suite
 * asserts it is clean after every journey has run.
 */
public final class Reconcile {

    /** The services' invariant routes, in the order the report shows them. */
    public static final List<String> ROUTES = List.of(
            "/api/inventory/invariants",
            "/api/orders/invariants",
            "/api/loyalty/invariants",
            "/api/returns/invariants",
            "/api/payments/invariants");

    /** One rule's outcome. */
    public record Check(String service, String name, String rule, long violations, List<String> examples) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String gateway;
    private final String token;

    public Reconcile(String gateway, String adminToken) {
        this.gateway = gateway;
        this.token = adminToken;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Reconcile <gateway url> <keycloak url> [user] [password]");
            System.exit(2);
        }
        String user = args.length > 2 ? args[2] : "root";
        String password = args.length > 3 ? args[3] : "root-pass";
        Reconcile reconcile = new Reconcile(args[0], token(args[1], user, password));
        List<Check> checks = reconcile.checks();
        print(checks, System.out);
        System.exit(violations(checks) == 0 ? 0 : 1);
    }

    /** Every check of every service; a service that cannot answer is one failed check. */
    public List<Check> checks() throws IOException, InterruptedException {
        List<Check> checks = new ArrayList<>();
        for (String route : ROUTES) {
            String service = route.split("/")[2];
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(gateway + route))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                checks.add(new Check(
                        service,
                        "answered",
                        "the service answers its invariants route",
                        1,
                        List.of(answer.statusCode() + " " + answer.body())));
                continue;
            }
            for (JsonNode check : JSON.readTree(answer.body()).path("checks")) {
                List<String> examples = new ArrayList<>();
                check.path("examples").forEach(example -> examples.add(example.asText()));
                checks.add(new Check(
                        service,
                        check.path("name").asText(),
                        check.path("rule").asText(),
                        check.path("violations").asLong(),
                        examples));
            }
        }
        return checks;
    }

    public static long violations(List<Check> checks) {
        return checks.stream().mapToLong(Check::violations).sum();
    }

    public static void print(List<Check> checks, PrintStream out) {
        for (Check check : checks) {
            out.printf(
                    "%-10s %-36s %s%n",
                    check.service(), check.name(), check.violations() == 0 ? "ok" : check.violations() + " VIOLATIONS");
            if (check.violations() > 0) {
                out.printf("           rule: %s%n", check.rule());
                check.examples().forEach(example -> out.printf("           - %s%n", example));
            }
        }
        out.printf("%d checks, %d violations%n", checks.size(), violations(checks));
    }

    /** An access token by the password grant of the test client (the development realm's). */
    public static String token(String keycloak, String user, String password) throws IOException, InterruptedException {
        Map<String, String> form =
                Map.of("grant_type", "password", "client_id", "commerce-tests", "username", user, "password", password);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(keycloak + "/realms/commerce/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("no token for " + user + ": " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).path("access_token").asText();
    }
}
