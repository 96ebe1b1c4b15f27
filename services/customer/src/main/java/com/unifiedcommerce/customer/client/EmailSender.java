package com.unifiedcommerce.customer.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

/**
 * Email over SMTP (Quarkus Mailer: the embedded mail server by default, SMTP_HOST and friends
 * for the retailer's relay). Each message carries a Message-ID made from its notification's id,
 * so the one case where a message can go twice (the sender died after the server took it and
 * before it was recorded) arrives as two copies of one message, which mail programs fold.
 */
@ApplicationScoped
public class EmailSender {

    @Inject
    Mailer mailer;

    /** Sends at once; throws when the server refuses or cannot be reached (the caller retries later). */
    public void send(String notificationId, String to, String subject, String text, String language) {
        mailer.send(Mail.withText(to, subject, text)
                .addHeader("Message-ID", messageId(notificationId))
                .addHeader("Content-Language", language));
    }

    /** {@code <notification id@notifications.commerce>}, with the id's characters kept to what the header allows. */
    public static String messageId(String notificationId) {
        return "<" + notificationId.replaceAll("[^A-Za-z0-9.-]", ".") + "@notifications.commerce>";
    }
}
