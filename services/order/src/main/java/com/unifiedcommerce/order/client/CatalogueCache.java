package com.unifiedcommerce.order.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;

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

    /** Items by SKU: only SKUs that exist are kept, up to a catalogue's size (application.properties). */
    @Inject
    @CacheName("order-items")
    Cache items;

    /** Locations by id, for a minute. */
    @Inject
    @CacheName("order-locations")
    Cache locations;

    @Inject
    Services services;

    /** The items of these SKUs (each once): all remembered, or all asked of inventory in one call. */
    public Uni<InventoryApi.ItemList> items(List<String> skus) {
        CaffeineCache remembered = items.as(CaffeineCache.class);
        List<InventoryApi.Item> known = new ArrayList<>(skus.size());
        for (String sku : skus) {
            CompletableFuture<InventoryApi.Item> item = remembered.getIfPresent(sku);
            if (item == null || !item.isDone() || item.isCompletedExceptionally()) {
                return current(skus);
            }
            known.add(item.join());
        }
        return Uni.createFrom().item(new InventoryApi.ItemList(known, List.of()));
    }

    /** The items of these SKUs as inventory has them now, remembered from here on. */
    public Uni<InventoryApi.ItemList> current(List<String> skus) {
        CaffeineCache remembered = items.as(CaffeineCache.class);
        return services.items(skus)
                .invoke(list -> list.items()
                        .forEach(item -> remembered.put(item.sku(), CompletableFuture.completedFuture(item))));
    }

    /** These items changed at inventory: the next checkout asks again. */
    public Uni<Void> forget(Collection<String> skus) {
        Uni<Void> forgotten = Uni.createFrom().voidItem();
        for (String sku : skus) {
            forgotten = forgotten.chain(() -> items.invalidate(sku));
        }
        return forgotten;
    }

    /** A location as inventory describes it, remembered for a minute. */
    public Uni<InventoryApi.Location> location(String id) {
        return locations.getAsync(id, key -> services.location(id));
    }
}
