package com.unifiedcommerce.inventory.api;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.store.Catalogue;
import com.unifiedcommerce.inventory.store.Item;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The item master: read by anyone, written by the back office (admin). */
@Path("/api/items")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class ItemResource {

    /** A price as the client sends it: minor units and an ISO 4217 currency. */
    public record PriceInput(
            @NotNull @PositiveOrZero @Max(1_000_000_000_00L) Long amount,

            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR")
            String currency) {}

    public record ItemRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String category,
            @NotNull @Valid PriceInput listPrice,
            @NotNull Boolean returnable,
            @Min(0) @Max(365) Integer returnDays) {}

    public record ItemView(
            String sku,
            String name,
            String category,
            Money listPrice,
            boolean returnable,
            Integer returnDays,
            Instant updatedAt) {

        static ItemView of(Item item) {
            return new ItemView(
                    item.sku(),
                    item.name(),
                    item.category(),
                    item.listPrice(),
                    item.returnable(),
                    item.returnDays(),
                    item.updatedAt());
        }
    }

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Catalogue catalogue;

    @Inject
    CurrentCaller caller;

    /** The items asked for and the SKUs that are not in the item master. */
    public record ItemList(List<ItemView> items, List<String> unknown) {}

    /** Up to 50 items by SKU in one query (checkout prices its lines with it). */
    @GET
    public Uni<ItemList> list(
            @QueryParam("sku") @NotEmpty(message = "name at least one sku") @Size(max = 50)
                    List<@Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String> skus) {
        Set<String> asked = new LinkedHashSet<>(skus);
        return sessions.withSession(session -> catalogue.items(session, asked)).map(found -> {
            Set<String> unknown = new LinkedHashSet<>(asked);
            found.forEach(item -> unknown.remove(item.sku()));
            return new ItemList(found.stream().map(ItemView::of).toList(), List.copyOf(unknown));
        });
    }

    @GET
    @Path("/{sku}")
    public Uni<ItemView> get(
            @PathParam("sku") @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String sku) {
        return sessions.withSession(session -> catalogue.item(session, sku))
                .map(item -> ItemView.of(item.orElseThrow(() -> ProblemException.notFound("Item " + sku))));
    }

    /** Creates (201) or replaces (200) an item. A returnable item may state its own return window. */
    @PUT
    @Path("/{sku}")
    @RolesAllowed(Caller.ADMIN)
    public Uni<Response> put(
            @PathParam("sku") @Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String sku,
            @Valid @NotNull ItemRequest request) {
        Access.require(Access.backOffice(caller.get()), "Item " + sku);
        if (!request.returnable() && request.returnDays() != null) {
            throw ProblemException.invalid("returnDays", "must be absent when the item is not returnable");
        }
        Item item = new Item(
                sku,
                request.name().strip(),
                request.category().strip(),
                new Money(request.listPrice().amount(), request.listPrice().currency()),
                request.returnable(),
                request.returnDays(),
                null);
        return sessions.withTransaction(session -> catalogue.putItem(session, item))
                .map(saved -> Response.status(saved.created() ? 201 : 200)
                        .entity(ItemView.of(saved.value()))
                        .build());
    }
}
