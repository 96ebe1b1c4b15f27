package com.unifiedcommerce.customer.domain;

import java.util.regex.Pattern;

/**
 * The identities a person is recognised by, normalised so that one email or phone has one
 * spelling: emails trimmed and lower-cased, phones in E.164, cards as their digits. The key of an
 * identity ({@code email:alice@example.com}) is unique across customers.
 */
public final class Identities {

    public enum Kind {
        EMAIL,
        PHONE,
        CARD,
        POS
    }

    /** A value that cannot be an identity of that kind; names the field and says why. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().\\-/]");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final Pattern POS_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

    private Identities() {}

    public static String key(Kind kind, String normalised) {
        return kind.name().toLowerCase() + ":" + normalised;
    }

    public static String email(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new Invalid(field, "must be an email address");
        }
        String email = raw.strip().toLowerCase(java.util.Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new Invalid(field, "must be an email address such as name@example.com");
        }
        return email;
    }

    /**
     * A phone number in E.164: {@code +49 30 1234567}, {@code 0049 30 1234567} and
     * {@code +49 (0)30 1234567} are one number; a national number ({@code 01 23 45 67 89}) is read
     * in the default country. 8 to 15 digits, the country code not starting with 0.
     */
    public static String phone(String field, String raw, String defaultCountryCode) {
        if (raw == null || raw.isBlank()) {
            throw new Invalid(field, "must be a phone number");
        }
        String compact = raw.strip().replace("(0)", "");
        compact = PHONE_PUNCTUATION.matcher(compact).replaceAll("");
        String digits;
        if (compact.startsWith("+")) {
            digits = compact.substring(1);
        } else if (compact.startsWith("00")) {
            digits = compact.substring(2);
        } else if (compact.startsWith("0")) {
            digits = defaultCountryCode + compact.substring(1);
        } else {
            throw new Invalid(field, "must start with + and the country code, 00 or a national 0");
        }
        if (!DIGITS.matcher(digits).matches() || digits.startsWith("0")) {
            throw new Invalid(field, "must be digits after the country code, such as +33 1 23 45 67 89");
        }
        if (digits.length() < 8 || digits.length() > 15) {
            throw new Invalid(field, "must have 8 to 15 digits with the country code");
        }
        return "+" + digits;
    }

    /** A loyalty card number as its digits, with a valid check digit. */
    public static String card(String field, String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        if (!LoyaltyCard.valid(digits)) {
            throw new Invalid(
                    field, "must be a loyalty card number (" + LoyaltyCard.LENGTH + " digits, valid check digit)");
        }
        return digits;
    }

    public static String posId(String field, String raw) {
        if (raw == null || !POS_ID.matcher(raw).matches()) {
            throw new Invalid(field, "must be a POS customer id of letters, digits, '.', '_', ':' or '-'");
        }
        return raw;
    }
}
