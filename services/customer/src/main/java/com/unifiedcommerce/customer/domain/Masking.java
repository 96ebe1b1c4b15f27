package com.unifiedcommerce.customer.domain;

/** What an associate at the counter may see of a contact: enough to confirm, not to copy. */
public final class Masking {

    private Masking() {}

    /** {@code alice@example.com} becomes {@code a***e@example.com}. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        String local = email.substring(0, at);
        String shown = local.length() <= 2
                ? local.charAt(0) + "***"
                : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return shown + email.substring(at);
    }

    /** {@code +49301234567} becomes {@code +49******567}: country code and the last three digits. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        int keepEnd = 3;
        int keepStart = 3;
        if (phone.length() <= keepStart + keepEnd) {
            return phone.charAt(0) + "*".repeat(phone.length() - 1);
        }
        return phone.substring(0, keepStart)
                + "*".repeat(phone.length() - keepStart - keepEnd)
                + phone.substring(phone.length() - keepEnd);
    }

    /** The first name and the initial of the last name. */
    public static String name(String first, String last) {
        String initial =
                last == null || last.isBlank() ? "" : " " + last.strip().charAt(0) + ".";
        return (first == null ? "" : first.strip()) + initial;
    }
}
