package com.unifiedcommerce.contracts.loyalty;

/** Points older than the programme allows, oldest first, went to the expired account. */
public record PointsExpired(String customerId, long points, String source, long balance) {}
