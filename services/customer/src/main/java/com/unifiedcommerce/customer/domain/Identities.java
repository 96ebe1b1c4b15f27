package com.unifiedcommerce.customer.domain;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

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
    private static final Pattern PHONE_CHARACTERS = Pattern.compile("^[0-9+\\s().\\-/]+$");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
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
     * A phone number in E.164, parsed and checked by libphonenumber against its country's numbering
     * plan: {@code +49 30 1234567}, {@code 0049 30 1234567} and {@code +49 (0)30 1234567} are one
     * number; a national number ({@code 01 23 45 67 89}) is read in {@code defaultRegion} (an ISO
     * 3166 region code such as {@code FR}). Only digits, spaces and {@code + ( ) . - /} are taken:
     * letters (a vanity number, an extension) are refused rather than turned into digits.
     */
    public static String phone(String field, String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new Invalid(field, "must be a phone number");
        }
        if (raw.length() > 40 || !PHONE_CHARACTERS.matcher(raw).matches()) {
            throw new Invalid(field, "must be digits, spaces and + ( ) . - /, such as +33 1 23 45 67 89");
        }
        Phonenumber.PhoneNumber number;
        try {
            number = PHONES.parse(raw.strip(), defaultRegion);
        } catch (NumberParseException e) {
            throw new Invalid(
                    field,
                    switch (e.getErrorType()) {
                        case INVALID_COUNTRY_CODE ->
                            "must start with + and a country code, 00 and a country code, or a" + " national 0";
                        case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short to be a phone number";
                        case TOO_LONG -> "is too long to be a phone number";
                        case NOT_A_NUMBER -> "must be a phone number such as +33 1 23 45 67 89";
                    });
        }
        if (!PHONES.isValidNumber(number)) {
            String region = PHONES.getRegionCodeForCountryCode(number.getCountryCode());
            throw new Invalid(
                    field,
                    "is not a number in the numbering plan of "
                            + (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) || "ZZ".equals(region)
                                    ? "country code +" + number.getCountryCode()
                                    : region + " (+" + number.getCountryCode() + ")"));
        }
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /**
     * The region national numbers are read in, checked when the service starts: an unknown code
     * would make every national number unreadable at the counter.
     */
    public static String region(String setting, String code) {
        if (code == null || !PHONES.getSupportedRegions().contains(code)) {
            throw new IllegalArgumentException(setting + " must be an ISO 3166 region code libphonenumber knows"
                    + " (such as FR or DE), not '" + code + "'");
        }
        return code;
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
