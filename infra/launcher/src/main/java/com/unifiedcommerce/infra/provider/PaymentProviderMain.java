package com.unifiedcommerce.infra.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The payment-provider simulator: a card acquirer's HTTP API, run in a JVM of its own by the
 * launcher ({@code <port> <api key> <webhook secret> <authorisation life>}). It stands in for an
 * outside party, the one place in the system where a simulation is right. Requests carry the
 * merchant's API key as a bearer token and an {@code Idempotency-Key} on every POST (a repeat gets
 * the first answer). Cards behave as {@link TestCards} says. Refunds are accepted as PENDING and
 * settled a moment later with a webhook to the {@code notifyUrl} the refund named, signed with
 * HMAC-SHA256 ({@link WebhookSignature}) and retried until it is answered 2xx (for up to ten
 * minutes). {@code POST /v1/cancellations} voids whatever was authorised under a merchant reference
 * (a technical cancellation, for an authorisation whose answer never came). The books live in memory: a restart of the simulator forgets them.
 */
public final class PaymentProviderMain {

    private static final Pattern AUTHORISATION =
            Pattern.compile("/v1/authorisations/([A-Za-z0-9_]+)(/captures|/void|/refunds)?");
    private static final Duration SLOW = Duration.ofSeconds(2);
    private static final Duration TIME_OUT = Duration.ofSeconds(15);
    private static final Duration SETTLE_AFTER = Duration.ofMillis(300);
    private static final Duration DELIVERY_GIVE_UP = Duration.ofMinutes(10);

    private final ObjectMapper json = new ObjectMapper();
    private final ProviderBook book;
    private final String apiKey;
    private final WebhookSignature signature;
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService webhooks = Executors.newScheduledThreadPool(2);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PaymentProviderMain(ProviderBook book, String apiKey, String webhookSecret) {
        this.book = book;
        this.apiKey = apiKey;
        this.signature = new WebhookSignature(webhookSecret);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ProviderBook book = new ProviderBook(Clock.systemUTC(), Duration.parse(args[3]));
        PaymentProviderMain simulator = new PaymentProviderMain(book, args[1], args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", simulator::handle);
        // Time-outs and slow answers sleep in their handler: one thread each, never a shared few.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            simulator.webhooks.shutdownNow();
            stopped.countDown();
        }));
        server.start();
        System.out.println("Payment-provider simulator on http://127.0.0.1:" + port);
        stopped.await();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ProviderBook.Answer answer = answer(exchange);
            byte[] body = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (RuntimeException e) {
            System.out.println("request failed: " + e);
        }
    }

    private ProviderBook.Answer answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            return new ProviderBook.Answer(200, Map.of("status", "UP"));
        }
        if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return ProviderBook.error(401, "unauthenticated", "a valid API key is required");
        }
        byte[] raw = readAtMost(exchange.getRequestBody(), 16 * 1024);
        if (raw == null) {
            return ProviderBook.error(413, "too_large", "request bodies are at most 16 KiB");
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        if (method.equals("GET")) {
            Matcher view = AUTHORISATION.matcher(path);
            return view.matches() && view.group(2) == null
                    ? book.view(view.group(1))
                    : ProviderBook.error(404, "not_found", path);
        }
        if (!method.equals("POST")) {
            return ProviderBook.error(405, "method_not_allowed", method);
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 255) {
            return ProviderBook.error(400, "idempotency_key_missing", "every POST needs an Idempotency-Key");
        }
        JsonNode request;
        try {
            request = body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return ProviderBook.error(400, "invalid_json", "the body is not JSON");
        }
        String fingerprint = method + " " + path + " " + request;
        // One key at a time: a retry that arrives while the first attempt still runs waits for its answer.
        // The answer is kept before a slow card's wait, so a retry after the caller's time-out gets it.
        ProviderBook.Answer answer;
        Duration wait = Duration.ZERO;
        synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
            ProviderBook.Answer earlier = book.replay(key, fingerprint);
            if (earlier != null) {
                return earlier;
            }
            answer = book.remember(key, fingerprint, act(path, request, key));
            if (path.equals("/v1/authorisations")
                    && TestCards.isToken(request.path("card").asText(null))) {
                TestCards.Behaviour behaviour =
                        TestCards.of(request.path("card").asText());
                wait = behaviour == TestCards.Behaviour.TIME_OUT
                        ? TIME_OUT
                        : behaviour == TestCards.Behaviour.LATE ? SLOW : Duration.ZERO;
            }
        }
        pause(wait);
        return answer;
    }

    private ProviderBook.Answer act(String path, JsonNode request, String key) {
        if (path.equals("/v1/authorisations")) {
            String card = request.path("card").asText(null);
            TestCards.Behaviour behaviour = TestCards.isToken(card) ? TestCards.of(card) : TestCards.Behaviour.APPROVE;
            if (behaviour == TestCards.Behaviour.RETRY_ONCE && failedOnce.add(key)) {
                return ProviderBook.error(503, "processing_error", "a temporary failure; retry with the same key");
            }
            return book.authorise(
                    card,
                    request.path("amount").asLong(0),
                    request.path("currency").asText(null),
                    request.path("reference").asText(null));
        }
        if (path.equals("/v1/cancellations")) {
            return book.cancel(request.path("reference").asText(null));
        }
        Matcher matcher = AUTHORISATION.matcher(path);
        if (!matcher.matches() || matcher.group(2) == null) {
            return ProviderBook.error(404, "not_found", path);
        }
        String id = matcher.group(1);
        long amount = request.path("amount").asLong(0);
        return switch (matcher.group(2)) {
            case "/captures" -> book.capture(id, amount);
            case "/void" -> book.voidAuthorisation(id);
            default -> {
                List<ProviderBook.PendingRefund> accepted = new ArrayList<>();
                ProviderBook.Answer answer =
                        book.refund(id, amount, request.path("notifyUrl").asText(null), accepted);
                accepted.forEach(refund ->
                        webhooks.schedule(() -> settle(refund), SETTLE_AFTER.toMillis(), TimeUnit.MILLISECONDS));
                yield answer;
            }
        };
    }

    private void settle(ProviderBook.PendingRefund refund) {
        String outcome = book.settle(refund);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refundId", refund.refundId());
        data.put("authorisationId", refund.authorisationId());
        data.put("amount", refund.amount());
        data.put("currency", refund.currency());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        event.put("type", outcome.equals("SUCCEEDED") ? "refund.succeeded" : "refund.failed");
        event.put("data", data);
        try {
            deliver(refund.notifyUrl(), json.writeValueAsString(event), System.nanoTime(), 1);
        } catch (IOException e) {
            System.out.println("webhook not serialisable: " + e);
        }
    }

    /** Sends a webhook; anything but 2xx is tried again, waiting twice as long each time (at most 30 s). */
    private void deliver(String url, String body, long firstTry, int attempt) {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, signature.sign(body, System.currentTimeMillis() / 1000))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | RuntimeException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (Duration.ofNanos(System.nanoTime() - firstTry).compareTo(DELIVERY_GIVE_UP) > 0) {
            System.out.println("webhook to " + url + " given up after " + attempt + " attempts: " + body);
            return;
        }
        long wait = Math.min(30_000, 250L << Math.min(attempt, 7));
        System.out.println(
                "webhook to " + url + " answered " + status + "; attempt " + (attempt + 1) + " in " + wait + " ms");
        webhooks.schedule(() -> deliver(url, body, firstTry, attempt + 1), wait, TimeUnit.MILLISECONDS);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
