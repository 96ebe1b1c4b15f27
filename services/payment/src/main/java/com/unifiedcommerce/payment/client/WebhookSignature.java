package com.unifiedcommerce.payment.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider's webhook signature, as its documentation gives it: {@code Provider-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the webhook secret>}. A signature verifies
 * when the HMAC matches (compared in constant time) and its time is within the tolerance of now,
 * so a recorded webhook cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String HEADER = "Provider-Signature";

    private final byte[] secret;

    public WebhookSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String body, long unixSeconds) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(unixSeconds + "." + body));
    }

    public boolean verifies(String header, String body, Instant now, Duration tolerance) {
        if (header == null || body == null) {
            return false;
        }
        long time = -1;
        String given = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t") && pair[1].matches("[0-9]{1,12}")) {
                time = Long.parseLong(pair[1]);
            } else if (pair.length == 2 && pair[0].equals("v1") && pair[1].matches("[0-9a-f]{64}")) {
                given = pair[1];
            }
        }
        if (time < 0 || given == null) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - time) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(time + "." + body), HexFormat.of().parseHex(given));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
