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
@Path("/v1/authorisations")
public interface ProviderApi {

    record Authorise(long amount, String currency, String card) {}

    record Amount(long amount) {}

    record Refund(long amount, String notifyUrl) {}

    @POST
    Uni<Response> authorise(
            @HeaderParam("Authorization") String apiKey, @HeaderParam("Idempotency-Key") String key, Authorise body);

    @POST
    @Path("/{id}/captures")
    Uni<Response> capture(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation,
            Amount body);

    @POST
    @Path("/{id}/void")
    Uni<Response> voidAuthorisation(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation);

    @POST
    @Path("/{id}/refunds")
    Uni<Response> refund(
            @HeaderParam("Authorization") String apiKey,
            @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String authorisation,
            Refund body);

    @GET
    @Path("/{id}")
    Uni<Response> authorisation(@HeaderParam("Authorization") String apiKey, @PathParam("id") String authorisation);
}
