package com.unifiedcommerce.contracts.returns;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;

/** Money going back on one of the order's original tenders. */
public record Refund(TenderType tender, Money amount, String reference) {}
