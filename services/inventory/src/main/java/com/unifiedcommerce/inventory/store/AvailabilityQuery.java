package com.unifiedcommerce.inventory.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

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
                        Object[].class)
                .setParameter(1, locationId)
                .setParameter(2, String.join(",", skus))
                .getResultList()
                .map(AvailabilityQuery::answer);
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
                        Object[].class)
                .setParameter(1, latitude)
                .setParameter(2, longitude)
                .setParameter(3, radiusKm)
                .setParameter(4, band)
                .setParameter(5, String.join(",", skus))
                .getResultList()
                .map(AvailabilityQuery::answer);
    }

    /**
     * One row per requested SKU and place (a SKU with no place still has its row, so unknown SKUs
     * are found in the same query).
     */
    private static final String SELECT = " SELECT w.sku, i.sku IS NOT NULL, pl.id, pl.name, pl.type,"
            + " pl.pickup_enabled, pl.meters,"
            + " greatest(coalesce(s.on_hand - s.reserved - s.safety_stock, 0), 0)"
            + " FROM p, unnest(p.skus) AS w(sku) LEFT JOIN item i ON i.sku = w.sku"
            + " LEFT JOIN places pl ON true"
            + " LEFT JOIN stock s ON s.location_id = pl.id AND s.sku = w.sku"
            + " ORDER BY pl.meters NULLS FIRST, pl.id, w.sku";

    private static Answer answer(List<Object[]> rows) {
        Map<String, Place> places = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Object[] row : rows) {
            String sku = Rows.text(row[0]);
            if (!Rows.flag(row[1]) && !unknown.contains(sku)) {
                unknown.add(sku);
            }
            if (row[2] == null) {
                continue;
            }
            Place place = places.computeIfAbsent(
                    Rows.text(row[2]),
                    id -> new Place(
                            id,
                            Rows.text(row[3]),
                            Rows.text(row[4]),
                            Rows.flag(row[5]),
                            Rows.nullableInteger(row[6]),
                            new ArrayList<>()));
            place.lines().add(new Line(sku, Rows.integer(row[7])));
        }
        return new Answer(List.copyOf(places.values()), unknown);
    }
}
