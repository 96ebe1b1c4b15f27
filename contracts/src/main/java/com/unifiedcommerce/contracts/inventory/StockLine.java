package com.unifiedcommerce.contracts.inventory;

/** A quantity of one SKU. */
public record StockLine(String sku, int quantity) {}
