package com.unifiedcommerce.contracts.loyalty;

/** A customer moved up or down a tier (returns can bring a tier down). */
public record TierChanged(String customerId, String from, String to) {}
