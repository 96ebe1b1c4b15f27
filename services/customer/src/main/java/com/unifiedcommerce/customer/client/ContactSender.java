package com.unifiedcommerce.customer.client;

/**
 * Sends a short message to a customer through one of their identities (an email address or a
 * phone number). One port for every channel; the adapter decides how it travels.
 */
public interface ContactSender {

    enum Via {
        EMAIL,
        SMS
    }

    /** Sends {@code text} to {@code to} (a normalised email or E.164 phone) of customer {@code customerId}. */
    void send(String customerId, Via via, String to, String text);
}
