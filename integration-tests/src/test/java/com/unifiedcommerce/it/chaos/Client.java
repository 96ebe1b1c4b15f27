package com.unifiedcommerce.it.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client as a careful storefront, app or POS is written: every POST carries an Idempotency-Key,
 * and an answer that says "not now" (503, 504, 502, 429, a 409 that says to retry or when, a broken
 * connection, no answer within {@link #HANG}) is repeated with the same key, after the
 * {@code Retry-After} the server asked for, until {@link #PATIENCE} runs out. Every attempt is
 * recorded in {@link Answers}.
 */
final class Client {

    /** How long one attempt may take before the client gives up on it and repeats. */
    static final Duration HANG = Duration.ofSeconds(20);

    /** How long the client keeps repeating one request. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final Set<Integer> NOT_NOW = Set.of(429, 502, 503, 504);

    /** The final answer to one request. */
    record Result(int status, Map<String, Object> body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @SuppressWarnings("unchecked")
        <T> T at(String path) {
            Object node = body;
            for (String part : path.split("\\.")) {
                if (!(node instanceof Map<?, ?> map)) {
                    return null;
                }
                node = map.get(part);
            }
            return (T) node;
        }
    }

    private final String gateway;
    private final Answers answers;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Client(String gateway, Answers answers, ObjectMapper json) {
        this.gateway = gateway;
        this.answers = answers;
        this.json = json;
    }

    Result get(String journey, String step, String path, String token) {
        return call(journey, step, "GET", path, token, null, null);
    }

    Result post(String journey, String step, String path, String token, String key, Object body) {
        return call(journey, step, "POST", path, token, key, body);
    }

    private Result call(
            String journey, String step, String method, String path, String token, String key, Object body) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        long pause = 250;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                    .timeout(HANG)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            if (body != null) {
                try {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write the request body", e);
                }
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            long started = System.nanoTime();
            int status;
            Map<String, Object> parsed = Map.of();
            long retryAfter = 0;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                parsed = parse(response.body());
                retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .map(Client::seconds)
                        .orElse(0L);
            } catch (IOException broken) {
                status = 0;
                parsed = Map.of("error", broken.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            boolean again = (status == 0 || NOT_NOW.contains(status) || retryConflict(status, parsed, retryAfter))
                    && Instant.now().isBefore(giveUp);
            answers.add(new Answers.Answer(
                    journey, step, method, path, key, status, millis, Instant.now(), !again, parsed));
            if (!again) {
                return new Result(status, parsed);
            }
            sleep(Math.max(pause, Math.min(retryAfter * 1000, 5_000)));
            pause = Math.min(pause * 2, 2_000);
        }
    }

    /** A 409 that asks to be repeated: it says "retry", or says when (the same request is still being worked on). */
    private static boolean retryConflict(int status, Map<String, Object> body, long retryAfter) {
        return status == 409
                && (retryAfter > 0 || String.valueOf(body.get("detail")).endsWith("; retry"));
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private Map<String, Object> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            Object value = json.readValue(text, Object.class);
            if (value instanceof java.util.List<?> list) {
                return Map.of("items", list);
            }
            return json.readValue(text, new TypeReference<Map<String, Object>>() {});
        } catch (IOException notJson) {
            return Map.of("text", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
