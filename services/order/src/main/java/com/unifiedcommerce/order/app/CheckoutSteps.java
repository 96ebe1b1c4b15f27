package com.unifiedcommerce.order.app;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.app.CheckoutSaga.Attempt;
import com.unifiedcommerce.order.client.Failures;
import com.unifiedcommerce.order.client.InventoryApi;
import com.unifiedcommerce.order.client.PaymentApi;
import com.unifiedcommerce.order.client.Services;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.platform.calls.Refused;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The checkout saga's steps at each participant (see {@link CheckoutSaga} for their order): each
 * action checks that what it is answered is held for this very order and attempt, and each undo
 * gives back only this attempt's (a refusal there means nothing of the attempt's is held). A
 * participant's refusal becomes the client's answer, naming the field.
 */
@ApplicationScoped
public class CheckoutSteps {

    private static final Logger LOG = Logger.getLogger(CheckoutSteps.class);

    @Inject
    Services services;

    /** How long stock and points are held while an order is being placed. */
    @ConfigProperty(name = "order.hold-seconds", defaultValue = "900")
    int holdSeconds;

    Uni<Void> holdStock(Attempt attempt) {
        Order order = attempt.order;
        List<InventoryApi.Line> lines = lines(order);
        InventoryApi.HoldRequest hold = new InventoryApi.HoldRequest(
                order.locationId(), order.id(), holdSeconds, lines, attempt.number, true, attempt.itemVersions);
        return services.reserve(hold)
                .onFailure(Refused.class)
                .transform(failure -> stockRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .invoke(reservation -> {
                    boolean ours = order.id().equals(reservation.reference())
                            && order.locationId().equals(reservation.locationId())
                            && reservation.attempt() == attempt.number
                            && ("HELD".equals(reservation.status()) || "COMMITTED".equals(reservation.status()))
                            && lines.equals(sorted(reservation.lines()));
                    if (!ours) {
                        throw notHeld("inventory answered a hold that is not this order's: " + reservation);
                    }
                    attempt.reservationId = reservation.id();
                    attempt.stockCommitted = "COMMITTED".equals(reservation.status());
                })
                .replaceWithVoid();
    }

    Uni<Void> releaseStock(Attempt attempt) {
        return services.releaseStock(attempt.orderId, attempt.number)
                .replaceWithVoid()
                // A refusal means nothing of this attempt's is held (never held, superseded, gone).
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    Uni<Void> holdPoints(Attempt attempt) {
        Order order = attempt.order;
        if (order.pointsRedeemed() == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.holdPoints(order.customerId(), order.id(), order.pointsRedeemed(), holdSeconds, attempt.number)
                .onFailure(Refused.class)
                .transform(failure -> pointsRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("loyalty", failure))
                .invoke(hold -> {
                    boolean ours = order.id().equals(hold.reference())
                            && "HELD".equals(hold.status())
                            && hold.points() == order.pointsRedeemed()
                            && hold.attempt() == attempt.number;
                    if (!ours) {
                        throw notHeld("loyalty answered a hold that is not this order's: " + hold);
                    }
                })
                .replaceWithVoid();
    }

    Uni<Void> releasePoints(Attempt attempt) {
        if (attempt.points == 0) {
            return Uni.createFrom().voidItem();
        }
        return services.releasePoints(attempt.orderId, attempt.number)
                .replaceWithVoid()
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    Uni<Void> holdGiftCards(Attempt attempt) {
        Order order = attempt.order;
        List<Order.Payment> giftCards = order.tenders().stream()
                .filter(tender -> tender.type() == TenderType.GIFT_CARD)
                .toList();
        return Multi.createFrom()
                .iterable(giftCards)
                .onItem()
                .transformToUniAndConcatenate(tender -> services.holdGiftCard(
                                tender.reference(),
                                new PaymentApi.GiftCardHold(
                                        order.id(), new Money(tender.amount(), order.currency()), attempt.number))
                        .onFailure(Refused.class)
                        .transform(failure -> giftCardRefused((Refused) failure))
                        .onFailure(failure -> !(failure instanceof ProblemException))
                        .transform(failure -> Failures.unavailable("payment", failure))
                        .invoke(held -> {
                            boolean ours = order.id().equals(held.orderId())
                                    && "HELD".equals(held.status())
                                    && held.amount() == tender.amount()
                                    && held.attempt() == attempt.number;
                            if (!ours) {
                                throw notHeld("payment answered a gift card hold that is not this attempt's: " + held);
                            }
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }

    Uni<Void> releaseGiftCards(Attempt attempt) {
        if (attempt.order != null
                && attempt.order.tenders().stream().noneMatch(t -> t.type() == TenderType.GIFT_CARD)) {
            return Uni.createFrom().voidItem();
        }
        return services.releaseGiftCards(attempt.orderId, attempt.number)
                .replaceWithVoid()
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    Uni<Void> authoriseCard(Attempt attempt) {
        Order order = attempt.order;
        Optional<Order.Payment> card = order.tenders().stream()
                .filter(tender -> tender.type() == TenderType.CARD)
                .findFirst();
        if (card.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Money amount = new Money(card.get().amount(), order.currency());
        return services.authoriseCard(
                        new PaymentApi.Authorise(order.id(), amount, card.get().reference(), attempt.number))
                .onFailure(Refused.class)
                .transform(failure -> cardRefused((Refused) failure))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("payment", failure))
                .invoke(payment -> {
                    boolean ours = order.id().equals(payment.orderId())
                            && "AUTHORISED".equals(payment.status())
                            && amount.equals(payment.authorised());
                    if (!ours) {
                        throw notHeld("payment answered an authorisation that is not this order's: " + payment);
                    }
                })
                .replaceWithVoid();
    }

    Uni<Void> releaseCard(Attempt attempt) {
        if (attempt.order != null && attempt.order.tenders().stream().noneMatch(t -> t.type() == TenderType.CARD)) {
            return Uni.createFrom().voidItem();
        }
        return services.releaseCard(attempt.orderId, attempt.number)
                .replaceWithVoid()
                // A refusal means the payment service holds nothing of this attempt's.
                .onFailure(Refused.class)
                .recoverWithNull();
    }

    Uni<Void> commitStock(Attempt attempt) {
        if (attempt.stockCommitted) {
            return Uni.createFrom().voidItem(); // held COMMITTED at once: nothing left to do
        }
        return services.commitStock(attempt.reservationId, attempt.orderId, attempt.number)
                .onFailure(Refused.class)
                .transform(failure -> notHeld("the stock hold ended before the order was placed: "
                        + ((Refused) failure).problem().getOrDefault("detail", "")))
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> Failures.unavailable("inventory", failure))
                .invoke(reservation -> {
                    if (!"COMMITTED".equals(reservation.status()) || !attempt.reservationId.equals(reservation.id())) {
                        throw notHeld("inventory did not commit the hold: " + reservation);
                    }
                })
                .replaceWithVoid();
    }

    private static List<InventoryApi.Line> lines(Order order) {
        return sorted(order.lines().stream()
                .map(line -> new InventoryApi.Line(line.sku(), line.quantity()))
                .toList());
    }

    private static List<InventoryApi.Line> sorted(List<InventoryApi.Line> lines) {
        return lines == null
                ? List.of()
                : lines.stream()
                        .sorted(Comparator.comparing(InventoryApi.Line::sku))
                        .toList();
    }

    private static ProblemException notHeld(String why) {
        LOG.warn(why);
        return ProblemException.conflict(
                "The stock or points could not be held for this order; nothing was ordered, retry", Map.of());
    }

    private static ProblemException stockRefused(Refused refused) {
        if (refused.status() == 409 && refused.problem().containsKey("shortLines")) {
            return ProblemException.conflict(
                    "Not enough stock at the fulfilling location for every line; nothing was ordered",
                    Map.of("shortLines", refused.problem().get("shortLines")));
        }
        if (refused.status() == 409 && refused.problem().containsKey("changedItems")) {
            return ProblemException.conflict(
                    "The price or terms of some items changed while this order was checked out; nothing was"
                            + " ordered, check the basket and retry",
                    Map.of(CheckoutSaga.CHANGED_ITEMS, refused.problem().get("changedItems")));
        }
        if (refused.status() == 409) {
            return notHeld("inventory refused the hold: " + refused.problem().getOrDefault("detail", ""));
        }
        return ProblemException.invalid(
                "lines", String.valueOf(refused.problem().getOrDefault("detail", "refused by inventory")));
    }

    /** A gift card tender's refusal: 402 naming the tender when it has not enough, 400 when there is no such card. */
    private static ProblemException giftCardRefused(Refused refused) {
        String detail = String.valueOf(refused.problem().getOrDefault("detail", "refused by the payment service"));
        return switch (refused.status()) {
            case 402 ->
                new ProblemException(
                        ProblemType.PAYMENT_DECLINED,
                        detail,
                        List.of(new Problem.FieldError("tenders.reference", "not enough on the gift card")),
                        Map.of("tender", "GIFT_CARD", "declineCode", "insufficient_funds"));
            case 404 -> ProblemException.invalid("tenders.reference", "no gift card has this code");
            case 400 -> ProblemException.invalid("tenders.reference", "the gift card was refused: " + detail);
            default -> ProblemException.conflict(detail + "; nothing was ordered", Map.of());
        };
    }

    /** The card tender's refusal: 402 naming the tender when declined, else what the payment service said. */
    private static ProblemException cardRefused(Refused refused) {
        String detail = String.valueOf(refused.problem().getOrDefault("detail", "refused by the payment service"));
        if (refused.status() == 402) {
            return new ProblemException(
                    ProblemType.PAYMENT_DECLINED,
                    detail + "; nothing was ordered",
                    List.of(new Problem.FieldError("tenders.reference", "the card was declined")),
                    Map.of("tender", "CARD", "declineCode", refused.problem().getOrDefault("declineCode", "declined")));
        }
        if (refused.status() == 400) {
            return ProblemException.invalid("tenders.reference", "the card token was refused: " + detail);
        }
        return ProblemException.conflict(detail + "; nothing was ordered", Map.of());
    }

    private static ProblemException pointsRefused(Refused refused) {
        if (refused.status() == 404) {
            return ProblemException.invalid("pointsToRedeem", "the customer has no points yet");
        }
        if (refused.status() == 409 && refused.problem().containsKey("available")) {
            return ProblemException.conflict(
                    "Not enough points available; nothing was ordered",
                    Map.of("availablePoints", refused.problem().get("available")));
        }
        return notHeld("loyalty refused the hold: " + refused.problem().getOrDefault("detail", ""));
    }
}
