package com.unifiedcommerce.platform.messaging;

/**
 * A failure no retry can cure: the event cannot be read, or it breaks a rule that will never
 * pass. The consumer stops retrying it and the connector moves it, with this error, to the
 * dead-letter topic, where {@code scripts/dead-letters.sh} shows it and can replay it once the
 * cause is fixed.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
