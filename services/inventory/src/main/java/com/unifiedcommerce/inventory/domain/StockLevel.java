package com.unifiedcommerce.inventory.domain;

/**
 * One SKU at one location. Available to promise is what is on hand, less what is held for
 * orders and the safety stock kept back; it is never shown below zero, even when a count found
 * fewer units than are held.
 */
public record StockLevel(String locationId, String sku, int onHand, int reserved, int safetyStock, int damaged) {

    public int available() {
        return available(onHand, reserved, safetyStock);
    }

    public static int available(int onHand, int reserved, int safetyStock) {
        return Math.max(0, onHand - reserved - safetyStock);
    }
}
