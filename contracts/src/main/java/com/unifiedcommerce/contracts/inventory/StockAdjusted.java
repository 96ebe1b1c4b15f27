package com.unifiedcommerce.contracts.inventory;

/** On hand at a location changed by a count, a receipt, damage, shrink or a restocked return. */
public record StockAdjusted(
        String locationId, String sku, int delta, String reason, int onHand, String reference, String actor) {}
