package com.unifiedcommerce.returns.client;

import java.time.Instant;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The other services a return uses: the order ledger (read; exchange orders placed and cancelled),
 * the item master's locations and prices, the points ledger.
 */
public final class OrderApi {

    private OrderApi() {}

    public record Line(
            String lineId,
            String sku,
            int quantity,
            Money paid,
            long pointsRedeemed,
            boolean returnable,
            Integer returnDays,
            int returned) {}

    public record Tender(TenderType type, Money amount, String reference) {}

    public record History(String to, Instant at) {}

    public record Order(
            String id,
            String customerId,
            Channel channel,
            String locationId,
            String status,
            Money total,
            List<Line> lines,
            List<Tender> tenders,
            List<History> history) {}

    public record Location(String id, String type, boolean acceptsReturns) {}

    public record Item(String sku, String name, Money listPrice) {}

    public record ItemList(List<Item> items, List<String> unknown) {}

    public record ItemLine(String sku, int quantity) {}

    public record Payment(TenderType type, Money amount, String reference) {}

    /** The replacement order of an exchange, as the order ledger's exchange route takes it. */
    public record ExchangeOrder(
            String returnId,
            String customerId,
            String locationId,
            List<ItemLine> lines,
            Money credit,
            Payment difference) {}

    public record LinePoints(String lineId, int quantity, long earned, long redeemed, int returned) {}

    public record OrderPoints(String orderId, String customerId, List<LinePoints> lines) {}

    @RegisterRestClient(configKey = "order")
    @OidcClientFilter
    @Path("/api/orders")
    public interface Orders {
        @GET
        @Path("/{id}")
        Uni<Order> order(@PathParam("id") String id);
    }

    @RegisterRestClient(configKey = "order")
    @OidcClientFilter
    @Path("/api/orders")
    public interface Exchanges {
        /** Idempotent by the key (the return id): a retry answers the same order. */
        @POST
        @Path("/exchanges")
        Uni<Order> place(@HeaderParam("Idempotency-Key") String returnId, ExchangeOrder order);

        @POST
        @Path("/{id}/cancel")
        Uni<Order> cancel(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String key);
    }

    @RegisterRestClient(configKey = "inventory")
    @OidcClientFilter
    @Path("/api")
    public interface Locations {
        @GET
        @Path("/locations/{id}")
        Uni<Location> location(@PathParam("id") String id);

        @GET
        @Path("/items")
        Uni<ItemList> items(@QueryParam("sku") List<String> skus);
    }

    @RegisterRestClient(configKey = "loyalty")
    @OidcClientFilter
    @Path("/api/loyalty/orders")
    public interface Points {
        @GET
        @Path("/{id}")
        Uni<OrderPoints> points(@PathParam("id") String orderId);
    }
}
