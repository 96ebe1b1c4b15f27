package com.unifiedcommerce.contracts.customers;

/** A guest profile was folded into another; its orders and points now belong to the survivor. */
public record CustomersMerged(String survivorId, String mergedId) {}
