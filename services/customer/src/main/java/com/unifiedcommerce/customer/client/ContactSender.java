package com.unifiedcommerce.customer.client;

/**
 * Sends a short message to a customer through one of their identities (an email address or a
 * phone number). One port for every channel; the adapter decides how it travels.
 */
public interface ContactSender {

    enum Via {
        EMAIL,
        SMS,
        /** A notification to the customer's app, addressed by their customer id. */
        PUSH
    }

    /**
     * Sends {@code text} to {@code to} (a normalised email, an E.164 phone, or for push the
     * customer id) of customer {@code customerId}.
     */
    void send(String customerId, Via via, String to, String text);
}
