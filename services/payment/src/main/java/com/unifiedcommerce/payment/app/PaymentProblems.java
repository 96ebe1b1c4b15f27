package com.unifiedcommerce.payment.app;

import java.util.Map;

import com.unifiedcommerce.payment.client.CardProvider.Outcome;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;

/** How the provider's answers become the problems the payment service answers with. */
final class PaymentProblems {

    private PaymentProblems() {}

    static ProblemException declined(String code) {
        return new ProblemException(
                ProblemType.PAYMENT_DECLINED,
                "The card was declined (" + code + "); nothing was charged",
                java.util.List.of(
                        new com.unifiedcommerce.platform.problem.Problem.FieldError("cardToken", "declined: " + code)),
                Map.of("tender", "CARD", "declineCode", String.valueOf(code)));
    }

    static ProblemException refusedByProvider(String what, Outcome.Refused refused) {
        return ProblemException.conflict(
                "The payment provider refused the " + what + ": " + refused.message(),
                Map.of("reason", String.valueOf(refused.code())));
    }

    static ProblemException unavailable(Outcome.Unavailable unavailable) {
        return new ProblemException(
                ProblemType.UNAVAILABLE,
                unavailable.why() + "; send the same request again: it takes effect at most once");
    }

    static IllegalStateException unexpected(Outcome outcome) {
        return new IllegalStateException("the payment provider answered unexpectedly: " + outcome);
    }
}
