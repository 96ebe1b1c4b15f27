package com.unifiedcommerce.returns.app;

import java.util.List;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.returns.domain.RefundPlan;

/**
 * What a return of these lines would give back: money per original tender, points, and for an
 * exchange what the replacement costs and how much of it the refund pays.
 */
public record Quote(
        String orderId,
        String locationId,
        List<QuoteLine> lines,
        List<Refund> refunds,
        Money money,
        long pointsGivenBack,
        long pointsTakenBack,
        ExchangeQuote exchange) {

    public record QuoteLine(
            String lineId, String sku, int quantity, Money money, long pointsGivenBack, long pointsTakenBack) {}

    /**
     * The replacement items of an exchange at today's prices: the refund pays {@code credit} of
     * their {@code total}; the customer pays {@code toPay} (the difference) or gets back the
     * refunds left (the quote's {@code refunds} are then what is left).
     */
    public record ExchangeQuote(List<ExchangeLine> lines, Money total, Money credit, Money toPay) {}

    public record ExchangeLine(String sku, String name, int quantity, Money unitPrice, Money total) {}

    /** The refund pays for the replacement first; what it does not cover is to pay, what is left is refunded. */
    Quote withExchange(List<ExchangeLine> replacement) {
        String currency = money.currency();
        long total = replacement.stream().mapToLong(l -> l.total().amount()).sum();
        long credit = Math.min(total, money.amount());
        return new Quote(
                orderId,
                locationId,
                lines,
                refundsAfter(credit),
                money,
                pointsGivenBack,
                pointsTakenBack,
                new ExchangeQuote(
                        replacement,
                        new Money(total, currency),
                        new Money(credit, currency),
                        new Money(total - credit, currency)));
    }

    /** The quote as the customer who asked for store credit gets it: see {@link #storeCredit}. */
    Quote asStoreCredit(boolean asked) {
        return new Quote(
                orderId,
                locationId,
                lines,
                storeCredit(refunds, asked),
                money,
                pointsGivenBack,
                pointsTakenBack,
                exchange);
    }

    /** The refunds to the order's tenders once {@code credit} of them paid for a replacement. */
    List<Refund> refundsAfter(long credit) {
        String currency = money.currency();
        return RefundPlan.afterCredit(
                        refunds.stream()
                                .map(r -> new RefundPlan.TenderRefund(
                                        r.tender(), r.amount().amount(), r.reference()))
                                .toList(),
                        credit)
                .stream()
                .map(r -> new Refund(r.type(), new Money(r.amount(), currency), r.reference()))
                .toList();
    }

    /**
     * Store credit, when asked for: what the plan would give back to the order's tenders (after an
     * exchange took its part) goes on one new gift card instead, which the payment service issues.
     */
    static List<Refund> storeCredit(List<Refund> refunds, boolean asked) {
        long money = refunds.stream().mapToLong(r -> r.amount().amount()).sum();
        if (!asked || money == 0) {
            return refunds;
        }
        String currency = refunds.getFirst().amount().currency();
        return List.of(new Refund(TenderType.STORE_CREDIT, new Money(money, currency), "store-credit"));
    }
}
