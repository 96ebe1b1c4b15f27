package com.unifiedcommerce.loyalty.app;

import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The back office's corrections of a points account: one transfer between the account and
 * {@code program:adjustments}, opening the account when the customer has none yet. Taking points
 * never leaves less than nothing available. With an Idempotency-Key, a repeat corrects once.
 */
@ApplicationScoped
public class Adjustments {

    /** A correction: points (negative takes away) and why. */
    public record AdjustmentRequest(
            @NotNull @Min(-1_000_000) @Max(1_000_000) Long points,
            @NotBlank @Size(max = 200) String reason) {}

    /** What an adjustment answers: the account's points after it. */
    public record AccountView(String customerId, long balance, long held, long available) {
        static AccountView of(Ledger.Summary summary) {
            return new AccountView(summary.customerId(), summary.balance(), summary.held(), summary.available());
        }
    }

    @Inject
    Ledger ledger;

    @Inject
    Idempotency idempotency;

    /** 201 with the account after the correction; 409 when taking would leave less than nothing available. */
    public Uni<Answer> adjust(Caller who, String customerId, String key, AdjustmentRequest request) {
        if (request.points() == 0) {
            throw ProblemException.invalid("points", "must not be 0");
        }
        String account = Ledger.customerAccount(customerId);
        boolean add = request.points() > 0;
        Ledger.Transfer transfer = new Ledger.Transfer(
                add ? "program:adjustments" : account,
                add ? account : "program:adjustments",
                Math.abs(request.points()),
                "ADJUST",
                "adjustment:" + UUID.randomUUID(),
                null,
                null,
                request.reason().strip(),
                who.subject(),
                !add);
        String scope = who.subject() + " POST /api/loyalty/accounts/" + customerId + "/adjustments";
        return idempotency.answer(
                key,
                scope,
                request,
                session -> ledger.open(session, customerId)
                        .chain(() -> ledger.post(session, transfer))
                        .chain(posted -> {
                            if (!posted.covered()) {
                                throw ProblemException.conflict(
                                        "Taking " + transfer.points()
                                                + " points would leave less than nothing available",
                                        Map.of("available", posted.debitAvailable()));
                            }
                            return ledger.summary(session, customerId);
                        })
                        .map(summary -> new Idempotency.Outcome(201, AccountView.of(summary.orElseThrow()))));
    }
}
