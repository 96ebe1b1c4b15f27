package com.unifiedcommerce.order.app;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;

/**
 * What a checkout request must be before anything is read or held: whose order it is, where it is
 * fulfilled, how it may be paid. Each refusal names the field and the reason.
 */
final class CheckoutRules {

    private CheckoutRules() {}

    /**
     * The tenders a channel takes (cash at the counter, gift cards by their code, one card per
     * order), and points spent only by an identified customer, at the counter only when verified
     * present.
     */
    static void requireValidPayment(Caller who, CheckoutRequest request, String customerId) {
        for (int i = 0; i < request.tendersOrNone().size(); i++) {
            TenderType type = request.tendersOrNone().get(i).type();
            if (type == TenderType.CASH && request.channel() != Channel.STORE) {
                throw ProblemException.invalid("tenders", "CASH is taken at the counter only (channel STORE)");
            }
            if (type == TenderType.STORE_CREDIT) {
                throw ProblemException.invalid(
                        "tenders[" + i + "].type",
                        "STORE_CREDIT is a way to be refunded, not to pay; pay with its GIFT_CARD");
            }
            if (type == TenderType.RETURN_CREDIT) {
                throw ProblemException.invalid(
                        "tenders[" + i + "].type", "RETURN_CREDIT pays exchanges only; exchange through /api/returns");
            }
            if (type == TenderType.GIFT_CARD) {
                String code = request.tendersOrNone().get(i).reference();
                if (code == null || !code.matches("[0-9]{16}")) {
                    throw ProblemException.invalid("tenders[" + i + "].reference", "must be the gift card's 16 digits");
                }
                if (request.tendersOrNone().subList(0, i).stream()
                        .anyMatch(t -> t.type() == TenderType.GIFT_CARD && code.equals(t.reference()))) {
                    throw ProblemException.invalid("tenders[" + i + "].reference", "the gift card is used twice");
                }
            }
            // One card per order: the payment service keeps one card payment per order, authorised at
            // checkout and captured at hand-over.
            if (type == TenderType.CARD
                    && request.tendersOrNone().subList(0, i).stream().anyMatch(t -> t.type() == TenderType.CARD)) {
                throw ProblemException.invalid("tenders[" + i + "].type", "an order is paid with one card at most");
            }
        }
        if (request.points() > 0 && customerId == null) {
            throw ProblemException.invalid("pointsToRedeem", "points are spent by an identified customer only");
        }
        boolean proofNeeded = request.channel() == Channel.STORE && request.points() > 0 && !who.has(Caller.ADMIN);
        if (proofNeeded && request.customerProof() == null) {
            throw ProblemException.invalid(
                    "customerProof",
                    "points are spent at the counter only for a customer verified present (a code sent to them)");
        }
    }

    /** WEB and MOBILE: the signed-in customer, never the body. STORE: an optional identified customer. */
    static String customer(Caller who, CheckoutRequest request) {
        if (request.channel() == Channel.STORE) {
            return request.customerId();
        }
        if (who.has(Caller.CUSTOMER) && who.customerId() != null) {
            if (request.customerId() != null && !request.customerId().equals(who.customerId())) {
                throw ProblemException.invalid("customerId", "comes from your sign-in; leave it out");
            }
            return who.customerId();
        }
        if (who.has(Caller.ADMIN)) {
            if (request.customerId() == null) {
                throw ProblemException.invalid(
                        "customerId", "must name the customer of a " + request.channel() + " order");
            }
            return request.customerId();
        }
        throw new ProblemException(
                ProblemType.FORBIDDEN,
                request.channel() + " orders are placed by customers; the counter uses channel STORE");
    }

    /** The location the order is fulfilled at; STORE orders only by staff of that store. */
    static String location(Caller who, CheckoutRequest request, String shipFrom) {
        if (request.fulfilment() == Fulfilment.CARRY_OUT && request.channel() != Channel.STORE) {
            throw ProblemException.invalid("fulfilment", "CARRY_OUT is for sales at the counter (channel STORE)");
        }
        if (request.fulfilment() == Fulfilment.SHIP && request.shippingAddress() == null) {
            throw ProblemException.invalid("shippingAddress", "is required to ship");
        }
        if (request.fulfilment() != Fulfilment.SHIP && request.locationId() == null) {
            throw ProblemException.invalid("locationId", "names the store of a " + request.fulfilment() + " order");
        }
        if (request.channel() == Channel.STORE) {
            if (request.locationId() == null) {
                throw ProblemException.invalid("locationId", "names the store selling at the counter");
            }
            Access.require(Access.atStore(who, request.locationId()), "Store " + request.locationId());
            if (who.has(Caller.SERVICE)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "orders are placed by people");
            }
        }
        return request.fulfilment() == Fulfilment.SHIP ? shipFrom : request.locationId();
    }

    static List<CheckoutRequest.LineInput> distinct(List<CheckoutRequest.LineInput> lines) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).sku())) {
                throw ProblemException.invalid("lines[" + i + "].sku", "appears twice; give one line per SKU");
            }
        }
        return lines;
    }

    /** The key makes the order id, so a retried checkout is the same order. */
    static String orderId(Caller who, String key) {
        UUID id = key == null
                ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((who.subject() + "|checkout|" + key).getBytes(StandardCharsets.UTF_8));
        return "ord-" + id;
    }
}
