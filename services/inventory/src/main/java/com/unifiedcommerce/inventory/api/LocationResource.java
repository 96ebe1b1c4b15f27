package com.unifiedcommerce.inventory.api;

import java.time.Instant;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.domain.LocationType;
import com.unifiedcommerce.inventory.store.Catalogue;
import com.unifiedcommerce.inventory.store.Location;
import com.unifiedcommerce.inventory.store.Page;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/** Stores and distribution centres: listed for anyone, kept by the back office (admin). */
@Path("/api/locations")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class LocationResource {

    public record LocationRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull LocationType type,
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @NotNull Boolean pickupEnabled,
            @NotNull Boolean acceptsReturns,
            @NotNull @Min(1) @Max(720) Integer pickupHoldHours,
            @Size(max = 300) String address) {}

    public record LocationView(
            String id,
            String name,
            LocationType type,
            double latitude,
            double longitude,
            boolean pickupEnabled,
            boolean acceptsReturns,
            int pickupHoldHours,
            String address,
            Instant updatedAt) {

        static LocationView of(Location location) {
            return new LocationView(
                    location.id(),
                    location.name(),
                    location.type(),
                    location.latitude(),
                    location.longitude(),
                    location.pickupEnabled(),
                    location.acceptsReturns(),
                    location.pickupHoldHours(),
                    location.address(),
                    location.updatedAt());
        }
    }

    public record LocationPage(List<LocationView> items, int page, int size, long total) {
        static LocationPage of(Page<Location> page) {
            return new LocationPage(
                    page.items().stream().map(LocationView::of).toList(), page.page(), page.size(), page.total());
        }
    }

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Catalogue catalogue;

    @Inject
    CurrentCaller caller;

    @GET
    public Uni<LocationPage> list(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return sessions.withSession(session -> catalogue.locations(session, page, size))
                .map(LocationPage::of);
    }

    @GET
    @Path("/{id}")
    public Uni<LocationView> get(
            @PathParam("id") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE) String id) {
        return sessions.withSession(session -> catalogue.location(session, id))
                .map(location ->
                        LocationView.of(location.orElseThrow(() -> ProblemException.notFound("Location " + id))));
    }

    /** Creates (201) or replaces (200) a location. Only stores hand over pickups. */
    @PUT
    @Path("/{id}")
    @RolesAllowed(Caller.ADMIN)
    public Uni<Response> put(
            @PathParam("id") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE) String id,
            @Valid @NotNull LocationRequest request) {
        Access.require(Access.backOffice(caller.get()), "Location " + id);
        if (request.pickupEnabled() && request.type() != LocationType.STORE) {
            throw ProblemException.invalid("pickupEnabled", "only a STORE hands over pickups");
        }
        Location location = new Location(
                id,
                request.name().strip(),
                request.type(),
                request.latitude(),
                request.longitude(),
                request.pickupEnabled(),
                request.acceptsReturns(),
                request.pickupHoldHours(),
                request.address() == null || request.address().isBlank()
                        ? null
                        : request.address().strip(),
                null);
        return sessions.withTransaction(session -> catalogue.putLocation(session, location))
                .map(saved -> Response.status(saved.created() ? 201 : 200)
                        .entity(LocationView.of(saved.value()))
                        .build());
    }
}
