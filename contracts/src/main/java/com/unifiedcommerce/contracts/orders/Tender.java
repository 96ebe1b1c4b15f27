package com.unifiedcommerce.contracts.orders;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;

/** A payment toward an order, with the payment system's reference. */
public record Tender(TenderType type, Money amount, String reference) {}
