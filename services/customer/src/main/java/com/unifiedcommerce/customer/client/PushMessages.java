package com.unifiedcommerce.customer.client;

/**
 * The push port of notifications: a title and a short text to the customer's app, addressed by
 * customer id (the app signs in as them). No push service account exists here, so its adapter
 * records what would be sent ({@link RecordedContacts}); a provider's adapter replaces it.
 */
public interface PushMessages {

    void push(String customerId, String title, String text);
}
