package com.unifiedcommerce.contracts.customers;

/**
 * A customer asked to be forgotten: their profile was anonymised. Other services drop the
 * personal data they keep (the order ledger: shipping addresses) and keep the id, which the
 * ledgers need.
 */
public record CustomerErased(String customerId) {}
