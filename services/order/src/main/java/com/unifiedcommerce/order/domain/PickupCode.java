package com.unifiedcommerce.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one-time code a customer shows at the counter: 8 characters from an alphabet without
 * look-alikes (32^8 = 2^40 codes). It is derived with HMAC-SHA256 from a server secret, the order
 * and the moment it was issued, so the database keeps only its hash (a copy of the database
 * reveals no code) while the owning customer can still be shown it. A few wrong tries lock the
 * order for pickup until a manager unlocks it.
 */
public final class PickupCode {

    public static final int MAX_ATTEMPTS = 5;
    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final int LENGTH = 8;

    private PickupCode() {}

    /** The code of the order issued at {@code issued} (its pickup deadline names the issue). */
    public static String derive(byte[] secret, String orderId, Instant issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] bytes = mac.doFinal((orderId + "|" + issued.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
            char[] code = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                code[i] = ALPHABET[(bytes[i] & 0xFF) % ALPHABET.length];
            }
            return new String(code);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The stored form: SHA-256 of the order id and the code, normalised as typed. */
    public static String hash(String orderId, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hashed = digest.digest((orderId + ":" + normalise(code)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hashed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so the answer's timing says nothing about the code. */
    public static boolean matches(String storedHash, String orderId, String typed) {
        if (storedHash == null || typed == null) {
            return false;
        }
        return MessageDigest.isEqual(
                storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(orderId, typed).getBytes(StandardCharsets.US_ASCII));
    }

    private static String normalise(String code) {
        return code.strip().replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    }
}
