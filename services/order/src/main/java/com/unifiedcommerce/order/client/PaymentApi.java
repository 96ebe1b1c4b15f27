package com.unifiedcommerce.order.client;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import com.unifiedcommerce.contracts.common.Money;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The payment service as checkout uses it, with the order service's own client-credential token. */
@RegisterRestClient(configKey = "payment")
@OidcClientFilter
@Path("/api/payments")
public interface PaymentApi {

    /** {@code cardToken}: the card tender's reference, the provider's token for the card. */
    record Authorise(String orderId, Money amount, String cardToken, int attempt) {}

    record Payment(String orderId, String status, Money authorised, String authorisationRef) {}

    record Release(int attempt) {}

    record Released(String orderId, int attempt, String released) {}

    record GiftCardHold(String orderId, Money amount, int attempt) {}

    record GiftCardHeld(String orderId, String card, long amount, int attempt, String status) {}

    record GiftCardsReleased(String orderId, int attempt, int holds) {}

    @POST
    @Path("/gift-cards/{code}/holds")
    Uni<GiftCardHeld> holdGiftCard(
            @PathParam("code") String code, @HeaderParam("Idempotency-Key") String key, GiftCardHold request);

    @POST
    @Path("/orders/{orderId}/gift-cards/release")
    Uni<GiftCardsReleased> releaseGiftCards(
            @PathParam("orderId") String orderId, @HeaderParam("Idempotency-Key") String key, Release request);

    record OrderMoney(String orderId, long cardCaptured, long cardRefunded, long giftRedeemed, long giftRefunded) {}

    record MoneyPage(java.util.List<OrderMoney> items, String next) {}

    @jakarta.ws.rs.GET
    @Path("/money")
    Uni<MoneyPage> money(@jakarta.ws.rs.QueryParam("after") String after, @jakarta.ws.rs.QueryParam("size") int size);

    @POST
    @Path("/cards")
    Uni<Payment> authorise(@HeaderParam("Idempotency-Key") String key, Authorise request);

    @POST
    @Path("/orders/{orderId}/release")
    Uni<Released> release(
            @PathParam("orderId") String orderId, @HeaderParam("Idempotency-Key") String key, Release request);
}
