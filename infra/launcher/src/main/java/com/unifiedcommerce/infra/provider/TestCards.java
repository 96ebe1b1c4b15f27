package com.unifiedcommerce.infra.provider;

import java.util.Map;

/**
 * The simulator's test cards, as acquirers publish theirs: each number stands for one behaviour of
 * the issuer or the network. Merchants never see a card number: the storefront or the POS terminal
 * hands the card to the provider and gets a token, which is what the payment service passes on.
 * The simulator's tokens are {@code tok_} and the number (e.g. {@code tok_4242424242424242}); a
 * token of any other number of 12 to 19 digits is approved.
 *
 * <pre>
 * 4242424242424242  approved
 * 4000000000000002  declined (card_declined)
 * 4000000000009995  declined (insufficient_funds)
 * 4000000000000119  the first attempt per idempotency key fails with 503 (processing_error); a retry is approved
 * 4000000000000259  approved at once, but the answer comes only after 15 s: a client's time-out
 * 4000000000000077  approved, the answer after 2 s: slow but in time
 * 4000000000000341  approved, the authorisation expires 2 s later (one left past its days)
 * 4000000000005126  approved and capturable; every refund to it fails when it settles
 * </pre>
 */
public final class TestCards {

    private TestCards() {}

    /** What a card number does. */
    public enum Behaviour {
        APPROVE(null),
        DECLINE("card_declined"),
        INSUFFICIENT_FUNDS("insufficient_funds"),
        RETRY_ONCE(null),
        TIME_OUT(null),
        LATE(null),
        SHORT_LIVED(null),
        REFUND_FAILS(null);

        private final String declineCode;

        Behaviour(String declineCode) {
            this.declineCode = declineCode;
        }

        public boolean declines() {
            return declineCode != null;
        }

        public String declineCode() {
            return declineCode;
        }
    }

    private static final Map<String, Behaviour> NUMBERS = Map.of(
            "4000000000000002", Behaviour.DECLINE,
            "4000000000009995", Behaviour.INSUFFICIENT_FUNDS,
            "4000000000000119", Behaviour.RETRY_ONCE,
            "4000000000000259", Behaviour.TIME_OUT,
            "4000000000000077", Behaviour.LATE,
            "4000000000000341", Behaviour.SHORT_LIVED,
            "4000000000005126", Behaviour.REFUND_FAILS);

    /** Whether the token has the simulator's shape. */
    public static boolean isToken(String token) {
        return token != null && token.matches("tok_[0-9]{12,19}");
    }

    public static Behaviour of(String token) {
        return NUMBERS.getOrDefault(token.substring("tok_".length()), Behaviour.APPROVE);
    }
}
