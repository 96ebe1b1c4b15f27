package com.unifiedcommerce.contracts.returns;

/** Units of one order line that came back, and whether they can be sold again. */
public record ReturnLine(String orderLineId, String sku, int quantity, Condition condition, String reason) {

    public enum Condition {
        RESELLABLE,
        DAMAGED
    }
}
