package com.unifiedcommerce.inventory.api;

import java.util.LinkedHashSet;
import java.util.List;
import jakarta.inject.Inject;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import com.unifiedcommerce.inventory.app.Patterns;
import com.unifiedcommerce.inventory.store.AvailabilityQuery;
import com.unifiedcommerce.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Available to promise, for anyone: several SKUs at one location, or at the stores within a
 * radius of a point, nearest first (at most 50 stores).
 */
@Path("/api/availability")
public class AvailabilityResource {

    public static final int MAX_SKUS = 50;

    public record AvailabilityView(List<String> skus, List<AvailabilityQuery.Place> locations) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    AvailabilityQuery query;

    @GET
    public Uni<AvailabilityView> get(
            @QueryParam("sku") @Size(min = 1, max = MAX_SKUS)
                    List<@Pattern(regexp = Patterns.SKU, message = Patterns.SKU_MESSAGE) String> skus,
            @QueryParam("locationId") @Pattern(regexp = Patterns.LOCATION, message = Patterns.LOCATION_MESSAGE)
                    String locationId,
            @QueryParam("lat") @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @QueryParam("lon") @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @QueryParam("radiusKm") @Min(1) @Max(200) Integer radiusKm) {
        if (skus == null || skus.isEmpty()) {
            throw ProblemException.invalid("sku", "give at least one sku");
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(skus));
        boolean point = latitude != null || longitude != null || radiusKm != null;
        if (locationId != null && point) {
            throw ProblemException.invalid("locationId", "give either locationId or lat, lon and radiusKm");
        }
        if (locationId == null && (latitude == null || longitude == null || radiusKm == null)) {
            throw ProblemException.invalid(
                    latitude == null ? "lat" : longitude == null ? "lon" : "radiusKm",
                    "give locationId, or all of lat, lon and radiusKm");
        }
        return sessions.withSession(session -> locationId != null
                        ? query.at(session, locationId, distinct)
                        : query.near(session, latitude, longitude, radiusKm, distinct))
                .map(answer -> {
                    if (!answer.unknownSkus().isEmpty()) {
                        throw ProblemException.invalid(
                                "sku", "no such SKU: " + String.join(", ", answer.unknownSkus()));
                    }
                    if (locationId != null && answer.places().isEmpty()) {
                        throw ProblemException.notFound("Location " + locationId);
                    }
                    return new AvailabilityView(distinct, answer.places());
                });
    }
}
