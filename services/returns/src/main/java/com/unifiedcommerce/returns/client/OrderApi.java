package com.unifiedcommerce.returns.client;

import java.time.Instant;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The other services a return reads: the order ledger, the item master's locations, the points ledger. */
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

    @RegisterRestClient(configKey = "inventory")
    @OidcClientFilter
    @Path("/api/locations")
    public interface Locations {
        @GET
        @Path("/{id}")
        Uni<Location> location(@PathParam("id") String id);
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
