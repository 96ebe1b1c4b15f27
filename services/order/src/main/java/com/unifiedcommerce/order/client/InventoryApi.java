package com.unifiedcommerce.order.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import com.unifiedcommerce.contracts.common.Money;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The inventory service as checkout uses it, with the order service's own client-credential token. */
@RegisterRestClient(configKey = "inventory")
@OidcClientFilter
@Path("/api")
public interface InventoryApi {

    /** {@code updatedAt}: the item master version, sent back with the hold (HoldRequest.itemVersions). */
    record Item(String sku, String name, Money listPrice, boolean returnable, Integer returnDays, Instant updatedAt) {}

    record ItemList(List<Item> items, List<String> unknown) {}

    record Location(String id, String type, boolean pickupEnabled, int pickupHoldHours) {}

    record Line(String sku, int quantity) {}

    /**
     * {@code committed}: taken COMMITTED at once (no expiry), for an order being placed.
     * {@code itemVersions}: the item versions the lines were priced with; inventory refuses the
     * hold (409 with {@code changedItems}) when any is no longer current.
     */
    record HoldRequest(
            String locationId,
            String reference,
            int ttlSeconds,
            List<Line> lines,
            int attempt,
            boolean committed,
            Map<String, Instant> itemVersions) {}

    record Reservation(String id, String reference, String locationId, String status, List<Line> lines, int attempt) {}

    @GET
    @Path("/items")
    Uni<ItemList> items(@QueryParam("sku") List<String> skus);

    @GET
    @Path("/locations/{id}")
    Uni<Location> location(@PathParam("id") String id);

    @POST
    @Path("/reservations")
    Uni<Reservation> reserve(@HeaderParam("Idempotency-Key") String key, HoldRequest request);

    @POST
    @Path("/reservations/{id}/commit")
    Uni<Reservation> commit(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String key);

    @POST
    @Path("/reservations/references/{reference}/release")
    Uni<Reservation> release(
            @PathParam("reference") String reference,
            @QueryParam("attempt") int attempt,
            @HeaderParam("Idempotency-Key") String key);

    record OpenPage(List<Reservation> items, String next) {}

    @GET
    @Path("/reservations/open")
    Uni<OpenPage> open(@QueryParam("after") String after, @QueryParam("size") int size);
}
