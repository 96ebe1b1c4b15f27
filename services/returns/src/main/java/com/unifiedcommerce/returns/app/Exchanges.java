package com.unifiedcommerce.returns.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.returns.app.Quote.ExchangeLine;
import com.unifiedcommerce.returns.app.Quote.ExchangeQuote;
import com.unifiedcommerce.returns.client.OrderApi;
import com.unifiedcommerce.returns.client.Services;
import com.unifiedcommerce.returns.store.ReturnStore;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * An exchange's side of a return: the replacement priced from the item master, the difference's
 * tender checked, the replacement order placed in the order ledger, and cancelled again when the
 * return it belongs to is not committed.
 */
@ApplicationScoped
public class Exchanges {

    private static final Logger LOG = Logger.getLogger(Exchanges.class);

    @Inject
    Services services;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ReturnStore store;

    /** An exchange is handed over at a store, and names each SKU once. */
    static void requireValid(ReturnRequest request) {
        if (request.exchange() != null && request.locationId() == null) {
            throw ProblemException.invalid(
                    "exchange", "exchanges are handed over at a store: give the receiving store's locationId");
        }
        Set<String> skus = new HashSet<>();
        List<ReturnRequest.ItemInput> lines =
                request.exchange() == null ? List.of() : request.exchange().lines();
        for (int i = 0; i < lines.size(); i++) {
            if (!skus.add(lines.get(i).sku())) {
                throw ProblemException.invalid("exchange.lines[" + i + "].sku", "appears twice; give one line per SKU");
            }
        }
    }

    /** The replacement lines at the item master's prices, in the order's currency. */
    Uni<List<ExchangeLine>> price(ReturnRequest.ExchangeInput exchange, String currency) {
        List<ReturnRequest.ItemInput> lines = exchange.lines();
        return services.items(lines.stream().map(ReturnRequest.ItemInput::sku).toList())
                .onFailure(Refused.class)
                .transform(refused -> ProblemException.invalid(
                        "exchange.lines",
                        String.valueOf(((Refused) refused).problem().getOrDefault("detail", "refused"))))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure ->
                        new ProblemException(ProblemType.UNAVAILABLE, "Prices could not be read; nothing changed"))
                .map(items -> {
                    Map<String, OrderApi.Item> bySku = new HashMap<>();
                    items.items().forEach(item -> bySku.put(item.sku(), item));
                    List<ExchangeLine> priced = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        OrderApi.Item item = bySku.get(lines.get(i).sku());
                        if (item == null) {
                            throw ProblemException.invalid(
                                    "exchange.lines[" + i + "].sku", "is not in the item master");
                        }
                        if (!item.listPrice().currency().equals(currency)) {
                            throw ProblemException.invalid(
                                    "exchange.lines[" + i + "].sku", "is priced in another currency than the order");
                        }
                        int quantity = lines.get(i).quantity();
                        priced.add(new ExchangeLine(
                                item.sku(),
                                item.name(),
                                quantity,
                                item.listPrice(),
                                new Money(Math.multiplyExact(item.listPrice().amount(), quantity), currency)));
                    }
                    return priced;
                });
    }

    /** The tender for the difference: exactly what is to pay, or none when the refund covers it. */
    static OrderApi.Payment difference(ReturnRequest.TenderInput payWith, ExchangeQuote exchange) {
        long toPay = exchange.toPay().amount();
        if (toPay == 0) {
            if (payWith != null) {
                throw ProblemException.invalid("exchange.payWith", "nothing to pay: the refund covers the replacement");
            }
            return null;
        }
        if (payWith == null) {
            throw ProblemException.invalid(
                    "exchange.payWith", "the replacement costs " + toPay + " more than the refund; name the tender");
        }
        if (payWith.type() == TenderType.RETURN_CREDIT || payWith.type() == TenderType.STORE_CREDIT) {
            throw ProblemException.invalid("exchange.payWith.type", "must be CARD, CASH or GIFT_CARD");
        }
        if (payWith.amount() != toPay
                || !payWith.currency().equals(exchange.toPay().currency())) {
            throw ProblemException.invalid(
                    "exchange.payWith.amount",
                    "must be exactly " + toPay + " " + exchange.toPay().currency() + " (the difference quoted)");
        }
        return new OrderApi.Payment(payWith.type(), exchange.toPay(), payWith.reference());
    }

    /** Places the replacement order (stock held, PLACED); the order ledger's refusal is named for the client. */
    Uni<OrderApi.Order> place(OrderApi.ExchangeOrder replacement) {
        return services.placeExchange(replacement)
                .onFailure(Refused.class)
                .transform(failure -> refused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> new ProblemException(
                        ProblemType.UNAVAILABLE, "The exchange order could not be placed; nothing changed"));
    }

    /** The replacement order of a return that was not committed is cancelled (its stock released). */
    Uni<Void> cancelUncommitted(String returnId, String orderId) {
        return sessions.withSession(session -> store.find(session, returnId))
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().voidItem()
                        : services.cancelExchange(orderId, returnId).replaceWithVoid())
                .onFailure()
                .invoke(failure -> LOG.errorf(
                        failure,
                        "Return %s failed and its exchange order %s could not be cancelled; cancel it in the order"
                                + " ledger",
                        returnId,
                        orderId))
                .onFailure()
                .recoverWithNull();
    }

    private static ProblemException refused(Refused refused) {
        Object detail = refused.problem().getOrDefault("detail", "refused by the order ledger");
        if (refused.status() == 409) {
            Map<String, Object> extra = new HashMap<>();
            if (refused.problem().containsKey("shortLines")) {
                extra.put("shortLines", refused.problem().get("shortLines"));
            }
            return ProblemException.conflict("The replacement cannot be sold: " + detail, extra);
        }
        return ProblemException.invalid("exchange", String.valueOf(detail));
    }
}
