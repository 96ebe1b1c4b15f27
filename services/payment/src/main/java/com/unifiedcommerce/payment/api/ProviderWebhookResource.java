package com.unifiedcommerce.payment.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.payment.app.CardPaymentFlow;
import com.unifiedcommerce.payment.client.WebhookSignature;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The payment provider's webhooks: how a refund ended. They carry no bearer token (the provider
 * has none of ours); each is verified by its HMAC signature over the exact body and a timestamp no
 * older than {@code payment.webhook-tolerance}, then applied once. A refund we do not know (yet)
 * is answered 409, so the provider sends the event again later; anything else we cannot use is
 * answered 2xx and ignored, as providers expect of event types a merchant does not handle.
 */
@Path("/api/payments/provider/webhooks")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class ProviderWebhookResource {

    @Inject
    CardPaymentFlow flow;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "commerce.secrets.provider-webhook")
    String secret;

    @ConfigProperty(name = "payment.webhook-tolerance")
    Duration tolerance;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam(WebhookSignature.HEADER) String signature, String body) {
        if (!new WebhookSignature(secret).verifies(signature, body, Instant.now(), tolerance)) {
            throw new ProblemException(
                    ProblemType.UNAUTHORIZED, "The webhook's signature is missing, wrong or too old");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED, "The webhook body is not JSON");
        }
        String id = event.path("id").asText("");
        String type = event.path("type").asText("");
        String refund = event.path("data").path("refundId").asText("");
        if (id.isEmpty() || refund.isEmpty() || !(type.equals("refund.succeeded") || type.equals("refund.failed"))) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return flow.settleRefund(id, type, refund, type.equals("refund.succeeded"))
                .map(applied -> Response.noContent().build())
                .onFailure(CardPaymentFlow.UnknownRefund.class)
                .transform(unknown ->
                        ProblemException.conflict(unknown.getMessage() + "; send it again later", java.util.Map.of()));
    }
}
