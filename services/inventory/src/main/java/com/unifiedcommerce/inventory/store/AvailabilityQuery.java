package com.unifiedcommerce.inventory.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Available to promise for several SKUs, at one location or at the stores near a point, nearest
 * first: one query per request. Near a point, a latitude band cut by the location index comes
 * first; great-circle distances are computed only for what is left.
 */
@ApplicationScoped
public class AvailabilityQuery {

    /** At most this many stores are answered for a point, the nearest. */
    public static final int MAX_STORES = 50;

    private static final double KM_PER_DEGREE_OF_LATITUDE = 111.0;

    public record Line(String sku, int available) {}

    public record Place(
            String locationId,
            String name,
            String type,
            boolean pickupEnabled,
            Integer distanceMeters,
            List<Line> lines) {}

    /** The places found, and the requested SKUs the item master does not know. */
    public record Answer(List<Place> places, List<String> unknownSkus) {}

    public Uni<Answer> at(Mutiny.Session session, String locationId, List<String> skus) {
        return session.createNativeQuery(
                        "WITH p AS (SELECT string_to_array(CAST(?2 AS text), ',') AS skus),"
                                + " places AS (SELECT l.id, l.name, l.type, l.pickup_enabled,"
                                + " CAST(NULL AS integer) AS meters FROM location l WHERE l.id = ?1)"
                                + SELECT,
                        Tuple.class)
                .setParameter(1, locationId)
                .setParameter(2, String.join(",", skus))
                .getResultList()
                .map(rows -> answer(Columns.of(Found.class).all(rows)));
    }

    public Uni<Answer> near(
            Mutiny.Session session, double latitude, double longitude, int radiusKm, List<String> skus) {
        double band = radiusKm / KM_PER_DEGREE_OF_LATITUDE;
        return session.createNativeQuery(
                        "WITH p AS (SELECT string_to_array(CAST(?5 AS text), ',') AS skus,"
                                + " CAST(?1 AS float8) AS lat, CAST(?2 AS float8) AS lon, CAST(?3 AS integer) AS km),"
                                + " band AS (SELECT l.*, round(6371000 * 2 * asin(sqrt("
                                + " power(sin(radians(l.latitude - p.lat) / 2), 2)"
                                + " + cos(radians(p.lat)) * cos(radians(l.latitude))"
                                + " * power(sin(radians(l.longitude - p.lon) / 2), 2)))) AS meters"
                                + " FROM location l, p WHERE l.type = 'STORE'"
                                + " AND l.latitude BETWEEN p.lat - ?4 AND p.lat + ?4),"
                                + " places AS (SELECT b.id, b.name, b.type, b.pickup_enabled, CAST(b.meters AS integer)"
                                + " AS meters FROM band b, p WHERE b.meters <= p.km * 1000"
                                + " ORDER BY b.meters, b.id LIMIT " + MAX_STORES + ")"
                                + SELECT,
                        Tuple.class)
                .setParameter(1, latitude)
                .setParameter(2, longitude)
                .setParameter(3, radiusKm)
                .setParameter(4, band)
                .setParameter(5, String.join(",", skus))
                .getResultList()
                .map(rows -> answer(Columns.of(Found.class).all(rows)));
    }

    /**
     * One row per requested SKU and place (a SKU with no place still has its row, so unknown SKUs
     * are found in the same query). Each SKU is looked up in the item master by its key, once: a
     * join, or EXISTS, was planned as a hash of the whole item table (the planner expects ten SKUs),
     * half of a lookup's time with 1,000 items.
     */
    private static final String SELECT = """
             , wanted AS MATERIALIZED (SELECT w.sku, (SELECT true FROM item i WHERE i.sku = w.sku) IS NOT NULL AS known
                    FROM p, unnest(p.skus) AS w(sku))
             SELECT w.sku, w.known, pl.id AS location_id, pl.name, pl.type,
                    pl.pickup_enabled, pl.meters AS distance_meters,
                    greatest(coalesce(s.on_hand - s.reserved - s.safety_stock, 0), 0) AS available
             FROM wanted w
             LEFT JOIN places pl ON true
             LEFT JOIN stock s ON s.location_id = pl.id AND s.sku = w.sku
             ORDER BY pl.meters NULLS FIRST, pl.id, w.sku
            """;

    /** A requested SKU at a place; the place's columns are null when no place was found. */
    private record Found(
            String sku,
            boolean known,
            String locationId,
            String name,
            String type,
            Boolean pickupEnabled,
            Integer distanceMeters,
            int available) {}

    private static Answer answer(List<Found> rows) {
        Map<String, Place> places = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Found row : rows) {
            if (!row.known() && !unknown.contains(row.sku())) {
                unknown.add(row.sku());
            }
            if (row.locationId() == null) {
                continue;
            }
            Place place = places.computeIfAbsent(
                    row.locationId(),
                    id -> new Place(
                            id, row.name(), row.type(), row.pickupEnabled(), row.distanceMeters(), new ArrayList<>()));
            place.lines().add(new Line(row.sku(), row.available()));
        }
        return new Answer(List.copyOf(places.values()), unknown);
    }
}
