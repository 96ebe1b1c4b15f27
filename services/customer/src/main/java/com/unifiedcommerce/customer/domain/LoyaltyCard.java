package com.unifiedcommerce.customer.domain;

import java.security.SecureRandom;

/**
 * Loyalty card numbers: {@value #LENGTH} digits, the programme prefix {@value #PREFIX}, random
 * digits and a Luhn check digit, so a mistyped digit at the counter is caught before any lookup.
 */
public final class LoyaltyCard {

    public static final int LENGTH = 12;
    static final String PREFIX = "77";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LoyaltyCard() {}

    public static String issue() {
        StringBuilder body = new StringBuilder(PREFIX);
        while (body.length() < LENGTH - 1) {
            body.append(RANDOM.nextInt(10));
        }
        return body.append(checkDigit(body)).toString();
    }

    public static boolean valid(String number) {
        if (number == null || number.length() != LENGTH || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return checkDigit(number.substring(0, LENGTH - 1)) == number.charAt(LENGTH - 1) - '0';
    }

    /** The Luhn digit for these digits: doubling every second digit from the right of the body. */
    static int checkDigit(CharSequence body) {
        int sum = 0;
        boolean doubled = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int digit = body.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }
}
