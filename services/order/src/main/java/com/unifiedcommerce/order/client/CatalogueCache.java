package com.unifiedcommerce.order.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The item master and the locations as checkout reads them, remembered for a while so that a
 * checkout does not ask inventory for what it asked a moment ago (a hop, a token verification and
 * a query per order). A miss asks inventory through {@link Services} (time limit, retries, circuit
 * breaker); a hit costs nothing but a map lookup.
 *
 * <p>A remembered item can never put a wrong price on an order: checkout sends the version
 * (updatedAt) of each item it priced with in its hold, and inventory refuses the hold when any
 * changed since (CheckoutSaga); checkout then forgets those items and prices again. A checkout
 * refused with remembered items is priced again with {@link #current} before the refusal stands,
 * so a client paying a price set a moment ago is not refused either. A remembered
 * location's pickup settings may lag a change by up to a minute (they change rarely, and an order
 * accepted for pickup in that minute is still handed over).
 */
@ApplicationScoped
public class CatalogueCache {

    private static final long LOCATION_TTL_NANOS = Duration.ofMinutes(1).toNanos();

    @Inject
    Services services;

    /** How long an item is used without asking again (a changed one is caught by the hold anyway). */
    @ConfigProperty(name = "order.item-cache.ttl", defaultValue = "PT10M")
    Duration itemTtl;

    /** Bound on remembered items: only SKUs that exist are remembered, so a catalogue's size. */
    @ConfigProperty(name = "order.item-cache.max-items", defaultValue = "200000")
    int maxItems;

    private record Remembered<T>(T value, long until) {
        boolean fresh(long now) {
            return until - now > 0;
        }
    }

    private final Map<String, Remembered<InventoryApi.Item>> items = new ConcurrentHashMap<>();
    private final Map<String, Remembered<InventoryApi.Location>> locations = new ConcurrentHashMap<>();

    /** The items of these SKUs (each once): all remembered, or all asked of inventory in one call. */
    public Uni<InventoryApi.ItemList> items(List<String> skus) {
        long now = System.nanoTime();
        List<InventoryApi.Item> known = new ArrayList<>(skus.size());
        for (String sku : skus) {
            Remembered<InventoryApi.Item> item = items.get(sku);
            if (item == null || !item.fresh(now)) {
                return current(skus);
            }
            known.add(item.value());
        }
        return Uni.createFrom().item(new InventoryApi.ItemList(known, List.of()));
    }

    /** The items of these SKUs as inventory has them now, remembered from here on. */
    public Uni<InventoryApi.ItemList> current(List<String> skus) {
        long now = System.nanoTime();
        return services.items(skus).invoke(list -> remember(list, now));
    }

    /** These items changed at inventory: the next checkout asks again. */
    public void forget(Collection<String> skus) {
        skus.forEach(items::remove);
    }

    private void remember(InventoryApi.ItemList list, long now) {
        if (items.size() + list.items().size() > maxItems) {
            items.clear(); // crude but bounded: a catalogue larger than the bound is read again
        }
        long until = now + itemTtl.toNanos();
        list.items().forEach(item -> items.put(item.sku(), new Remembered<>(item, until)));
    }

    /** A location as inventory describes it, remembered for a minute. */
    public Uni<InventoryApi.Location> location(String id) {
        long now = System.nanoTime();
        Remembered<InventoryApi.Location> known = locations.get(id);
        if (known != null && known.fresh(now)) {
            return Uni.createFrom().item(known.value());
        }
        return services.location(id)
                .invoke(location -> locations.put(id, new Remembered<>(location, now + LOCATION_TTL_NANOS)));
    }
}
