package com.unifiedcommerce.contracts.common;

import java.util.Objects;

/** An amount in minor units (cents) of an ISO 4217 currency. Never a floating-point number. */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, not " + currency);
        }
    }
}
