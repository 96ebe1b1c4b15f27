package com.unifiedcommerce.customer.client;

/**
 * The SMS port of notifications: a short text to a phone (E.164). No SMS provider account exists
 * here, so its adapter records what would be sent ({@link RecordedContacts}); a provider's adapter
 * replaces it.
 */
public interface TextMessages {

    void text(String customerId, String phone, String text);
}
