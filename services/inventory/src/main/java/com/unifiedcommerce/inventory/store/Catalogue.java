package com.unifiedcommerce.inventory.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.platform.store.Columns;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Items and locations: written by the back office, read by everyone. */
@ApplicationScoped
public class Catalogue {

    private static final String ITEM_COLUMNS =
            "sku, name, category, list_price, currency, returnable, return_days, updated_at";
    private static final String LOCATION_COLUMNS =
            "id, name, type, latitude, longitude, pickup_enabled, accepts_returns, pickup_hold_hours, address, updated_at";

    /** Creates or replaces an item; emits it and whether it was new. */
    public Uni<Saved<Item>> putItem(Mutiny.Session session, Item item) {
        return session.createNativeQuery(
                        "INSERT INTO item (sku, name, category, list_price, currency, returnable, return_days)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                + " ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category,"
                                + " list_price = EXCLUDED.list_price, currency = EXCLUDED.currency,"
                                + " returnable = EXCLUDED.returnable, return_days = EXCLUDED.return_days,"
                                + " updated_at = clock_timestamp()"
                                + " RETURNING " + ITEM_COLUMNS + ", (xmax = 0) AS created",
                        Tuple.class)
                .setParameter(1, item.sku())
                .setParameter(2, item.name())
                .setParameter(3, item.category())
                .setParameter(4, item.listPrice().amount())
                .setParameter(5, item.listPrice().currency())
                .setParameter(6, item.returnable())
                .setParameter(7, item.returnDays())
                .getSingleResult()
                .map(row -> new Saved<>(item(row), row.get("created", Boolean.class)));
    }

    public Uni<Optional<Item>> item(Mutiny.Session session, String sku) {
        return session.createNativeQuery("SELECT " + ITEM_COLUMNS + " FROM item WHERE sku = ?1", Tuple.class)
                .setParameter(1, sku)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Catalogue::item));
    }

    /** The items of these SKUs that exist, in one query (unknown SKUs are simply absent). */
    public Uni<List<Item>> items(Mutiny.Session session, Collection<String> skus) {
        return session.createNativeQuery(
                        "SELECT " + ITEM_COLUMNS + " FROM item WHERE sku = ANY (string_to_array(?1, ',')) ORDER BY sku",
                        Tuple.class)
                .setParameter(1, String.join(",", skus))
                .getResultList()
                .map(rows -> rows.stream().map(Catalogue::item).toList());
    }

    public Uni<Saved<Location>> putLocation(Mutiny.Session session, Location location) {
        return session.createNativeQuery(
                        "INSERT INTO location (id, name, type, latitude, longitude, pickup_enabled, accepts_returns,"
                                + " pickup_hold_hours, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CAST(?9 AS text))"
                                + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type,"
                                + " latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,"
                                + " pickup_enabled = EXCLUDED.pickup_enabled,"
                                + " accepts_returns = EXCLUDED.accepts_returns,"
                                + " pickup_hold_hours = EXCLUDED.pickup_hold_hours, address = EXCLUDED.address,"
                                + " updated_at = clock_timestamp()"
                                + " RETURNING " + LOCATION_COLUMNS + ", (xmax = 0) AS created",
                        Tuple.class)
                .setParameter(1, location.id())
                .setParameter(2, location.name())
                .setParameter(3, location.type().name())
                .setParameter(4, location.latitude())
                .setParameter(5, location.longitude())
                .setParameter(6, location.pickupEnabled())
                .setParameter(7, location.acceptsReturns())
                .setParameter(8, location.pickupHoldHours())
                .setParameter(9, location.address())
                .getSingleResult()
                .map(row -> new Saved<>(Columns.of(Location.class).apply(row), row.get("created", Boolean.class)));
    }

    public Uni<Optional<Location>> location(Mutiny.Session session, String id) {
        return session.createNativeQuery("SELECT " + LOCATION_COLUMNS + " FROM location WHERE id = ?1", Tuple.class)
                .setParameter(1, id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(Columns.of(Location.class)));
    }

    /** A page of locations by id, and how many there are in all. */
    public Uni<Page<Location>> locations(Mutiny.Session session, int page, int size) {
        return session.createNativeQuery("SELECT count(*) FROM location", Long.class)
                .getSingleResult()
                .chain(total -> session.createNativeQuery(
                                "SELECT " + LOCATION_COLUMNS + " FROM location ORDER BY id LIMIT ?1 OFFSET ?2",
                                Tuple.class)
                        .setParameter(1, size)
                        .setParameter(2, (long) page * size)
                        .getResultList()
                        .map(rows -> new Page<>(
                                rows.stream().map(Columns.of(Location.class)).toList(), page, size, total)));
    }

    /** An item's row: the list price is two columns, amount and currency. */
    private record ItemRow(
            String sku,
            String name,
            String category,
            long listPrice,
            String currency,
            boolean returnable,
            Integer returnDays,
            Instant updatedAt) {}

    private static Item item(Tuple row) {
        ItemRow item = Columns.of(ItemRow.class).apply(row);
        return new Item(
                item.sku(),
                item.name(),
                item.category(),
                new Money(item.listPrice(), item.currency()),
                item.returnable(),
                item.returnDays(),
                item.updatedAt());
    }

    /** What a write left behind, and whether it created the row. */
    public record Saved<T>(T value, boolean created) {}
}
