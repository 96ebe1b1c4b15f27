package com.unifiedcommerce.payment.client;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The provider port: what the payment service asks of a card acquirer and the four ways it can
 * answer. A refusal (4xx) is final for its idempotency key; a provider that fails (5xx), times out
 * or cannot be reached is {@link Outcome.Unavailable}: the same request may be sent again with the
 * same key, and the provider then answers what it decided the first time.
 */
@ApplicationScoped
public class CardProvider {

    private static final Logger LOG = Logger.getLogger(CardProvider.class);

    /** How the provider answered. */
    public sealed interface Outcome {
        /** Done: an authorisation, a capture or a void; {@code ref} is the provider's id for it. */
        record Done(String ref, Instant expiresAt, String last4) implements Outcome {}

        /** Taken, to be settled later (a refund; its webhook says how it ended). */
        record Accepted(String ref) implements Outcome {}

        /** Refused for good: declined, expired, more than is left. */
        record Refused(int status, String code, String message) implements Outcome {}

        /** No final answer: ask again with the same key. */
        record Unavailable(String why) implements Outcome {}
    }

    @Inject
    @RestClient
    ProviderApi api;

    @ConfigProperty(name = "commerce.secrets.provider-api-key")
    String apiKey;

    public Uni<Outcome> authorise(String key, String cardToken, long amount, String currency, String reference) {
        return call(bearer ->
                api.authorise(bearer, key, new ProviderApi.Authorise(amount, currency, cardToken, reference)));
    }

    /** Cancels whatever was authorised under the reference; Done names the authorisation voided, if any. */
    public Uni<Outcome> cancel(String key, String reference) {
        return call(bearer -> api.cancel(bearer, key, new ProviderApi.Cancel(reference)));
    }

    public Uni<Outcome> capture(String key, String authorisation, long amount) {
        return call(bearer -> api.capture(bearer, key, authorisation, new ProviderApi.Amount(amount)));
    }

    public Uni<Outcome> voidAuthorisation(String key, String authorisation) {
        return call(bearer -> api.voidAuthorisation(bearer, key, authorisation));
    }

    public Uni<Outcome> refund(String key, String authorisation, long amount, String notifyUrl) {
        return call(bearer -> api.refund(bearer, key, authorisation, new ProviderApi.Refund(amount, notifyUrl)));
    }

    /**
     * The provider's record of an authorisation (amount, captured, refunded, status), or null when
     * it has none; fails when the provider cannot be asked, so a reconciliation never passes for
     * want of an answer.
     */
    @SuppressWarnings("unchecked")
    public Uni<Map<String, Object>> record(String authorisation) {
        return api.authorisation("Bearer " + apiKey, authorisation).map(response -> {
            try (response) {
                if (response.getStatus() == 404) {
                    return null;
                }
                if (response.getStatus() != 200) {
                    throw new ProblemException(
                            ProblemType.UNAVAILABLE,
                            "The payment provider answered " + response.getStatus() + "; reconciliation is incomplete");
                }
                return (Map<String, Object>) response.readEntity(Map.class);
            }
        });
    }

    private Uni<Outcome> call(Function<String, Uni<Response>> request) {
        return request.apply("Bearer " + apiKey)
                .map(CardProvider::outcome)
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("payment provider unreachable: %s", failure.toString());
                    return new Outcome.Unavailable("the payment provider did not answer: "
                            + failure.getClass().getSimpleName());
                });
    }

    @SuppressWarnings("unchecked")
    static Outcome outcome(Response response) {
        try (response) {
            int status = response.getStatus();
            Map<String, Object> body = response.hasEntity() ? response.readEntity(Map.class) : Map.of();
            if (status == 202) {
                return new Outcome.Accepted(text(body.get("id")));
            }
            if (status >= 200 && status < 300 && body.get("voided") instanceof java.util.List<?> voided) {
                return new Outcome.Done(voided.isEmpty() ? null : text(voided.getFirst()), null, null);
            }
            if (status >= 200 && status < 300) {
                Object expires = body.get("expiresAt");
                if (expires == null && body.get("authorisation") instanceof Map<?, ?> authorisation) {
                    expires = authorisation.get("expiresAt");
                }
                return new Outcome.Done(
                        text(body.get("id")),
                        expires == null ? null : Instant.parse(expires.toString()),
                        text(body.get("last4")));
            }
            if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
                return new Outcome.Refused(status, text(body.get("error")), text(body.get("message")));
            }
            // A refused API key is our configuration's fault, and a 408 or 429 is worth another try:
            // none of them is the provider's decision about this payment.
            LOG.warnf("payment provider answered %d: %s", status, body);
            return new Outcome.Unavailable("the payment provider answered " + status);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
