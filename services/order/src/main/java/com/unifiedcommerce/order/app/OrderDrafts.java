package com.unifiedcommerce.order.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.domain.Pricing;
import com.unifiedcommerce.platform.problem.ProblemException;

/**
 * A checkout request priced into an order: each line at the item master's price, points
 * apportioned over the lines ({@code minorPerPoint} minor units each), the tenders covering exactly
 * what is left. Nothing is read or written here; a refusal names the field.
 */
final class OrderDrafts {

    private OrderDrafts() {}

    /** The order a request makes with these items (the order's lines numbered l1, l2...). */
    static Order draft(
            String orderId,
            String customerId,
            CheckoutRequest request,
            String locationId,
            List<CheckoutRequest.LineInput> lines,
            InventoryApi.ItemList items,
            Integer pickupHours,
            long minorPerPoint) {
        Map<String, InventoryApi.Item> bySku = new HashMap<>();
        items.items().forEach(item -> bySku.put(item.sku(), item));
        List<Pricing.PricedLine> priced = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < lines.size(); i++) {
            CheckoutRequest.LineInput line = lines.get(i);
            InventoryApi.Item item = bySku.get(line.sku());
            if (item == null) {
                throw ProblemException.invalid("lines[" + i + "].sku", "is not in the item master");
            }
            if (currency != null && !currency.equals(item.listPrice().currency())) {
                throw ProblemException.invalid(
                        "lines[" + i + "].sku", "is priced in another currency than the other lines");
            }
            currency = item.listPrice().currency();
            priced.add(new Pricing.PricedLine(
                    "l" + (i + 1),
                    item.sku(),
                    item.name(),
                    line.quantity(),
                    item.listPrice().amount(),
                    item.returnable(),
                    item.returnDays()));
        }
        List<Pricing.Allocated> allocated;
        try {
            allocated = Pricing.allocate(priced, request.points(), minorPerPoint);
        } catch (Pricing.Refused refused) {
            throw ProblemException.invalid(refused.field(), refused.getMessage());
        }
        long total = priced.stream().mapToLong(Pricing.PricedLine::total).sum();
        long pointsValue = Math.multiplyExact(request.points(), minorPerPoint);
        List<Order.Payment> payments = new ArrayList<>();
        for (int i = 0; i < request.tendersOrNone().size(); i++) {
            CheckoutRequest.TenderInput tender = request.tendersOrNone().get(i);
            if (!tender.amount().currency().equals(currency)) {
                throw ProblemException.invalid("tenders[" + i + "].amount.currency", "must be " + currency);
            }
            payments.add(new Order.Payment(tender.type(), tender.amount().amount(), tender.reference()));
        }
        try {
            Pricing.coverExactly(
                    total - pointsValue,
                    payments.stream().map(Order.Payment::amount).toList());
        } catch (Pricing.Refused refused) {
            throw ProblemException.invalid(refused.field(), refused.getMessage());
        }
        List<Order.Line> orderLines = allocated.stream()
                .map(a -> new Order.Line(
                        a.line().lineId(),
                        a.line().sku(),
                        a.line().name(),
                        a.line().quantity(),
                        a.line().unitPrice(),
                        a.line().total(),
                        a.points(),
                        a.paid(),
                        a.line().returnable(),
                        a.line().returnDays(),
                        0))
                .toList();
        CheckoutRequest.AddressInput address = request.shippingAddress();
        OrderStatus status = request.fulfilment() == Fulfilment.CARRY_OUT ? OrderStatus.PICKED_UP : OrderStatus.PLACED;
        return new Order(
                orderId,
                customerId,
                request.channel(),
                request.fulfilment(),
                locationId,
                status,
                currency,
                total,
                request.points(),
                pointsValue,
                orderLines,
                payments,
                address == null || request.fulfilment() != Fulfilment.SHIP
                        ? null
                        : new Order.Address(
                                address.name(),
                                address.line1(),
                                address.line2(),
                                address.postalCode(),
                                address.city(),
                                address.country()),
                null,
                null,
                null,
                pickupHours,
                null,
                null,
                0,
                false,
                null,
                null);
    }
}
