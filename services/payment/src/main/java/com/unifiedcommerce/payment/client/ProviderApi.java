package com.unifiedcommerce.payment.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The card acquirer's HTTP API as the simulator offers it (and a real provider's would look much
 * the same): the merchant's API key as a bearer token, an idempotency key on every POST. Answers
 * come back as they are, whatever their status ({@link CardProvider} reads them).
 */
@RegisterRestClient(configKey = "provider")
@Path("/v1")
public interface ProviderApi {

    /** {@code reference}: ours for the payment, by which a cancellation finds it. */
    record Authorise(long amount, String currency, String card, String reference) {}

    record Cancel(String reference) {}

    record Amount(long amount) {}

    record Refund(long amount, String notifyUrl) {}

    @POST
    @Path("/authorisations")
    Uni<Response> authorise(
            @HeaderParam("Authorization") String apiKey, @HeaderParam("Idempotency-Key") String key, Authorise body);

    @POST
    @Path("/authorisations/{id}/captures")
    Uni<Response> capture(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation,
            Amount body);

    @POST
    @Path("/authorisations/{id}/void")
    Uni<Response> voidAuthorisation(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation);

    @POST
    @Path("/authorisations/{id}/refunds")
    Uni<Response> refund(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation,
            Refund body);

    /** A technical cancellation: voids whatever the provider authorised under the reference. */
    @POST
    @Path("/cancellations")
    Uni<Response> cancel(
            @HeaderParam("Authorization") String apiKey, @HeaderParam("Idempotency-Key") String key, Cancel body);

    @GET
    @Path("/authorisations/{id}")
    Uni<Response> authorisation(@HeaderParam("Authorization") String apiKey, @PathParam("id") String authorisation);
}
