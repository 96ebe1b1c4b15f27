package com.unifiedcommerce.infra.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Reads a recipient's mailbox on the embedded mail server over IMAP, as a customer's mail program
 * would. The server accepts any login (authentication is off) and creates the mailbox on the
 * first login or the first mail, so a mailbox nothing was sent to reads as empty, and a failed
 * login is an error, never an empty mailbox.
 */
public final class Mailbox {

    /** One received message: what a test looks at. */
    public record Received(String messageId, String from, String to, String subject, String body, String language) {}

    private final String host;
    private final int imapPort;

    public Mailbox(String host, int imapPort) {
        this.host = host;
        this.imapPort = imapPort;
    }

    /** Every message in {@code address}'s inbox, oldest first. */
    public List<Received> messages(String address) {
        Properties settings = new Properties();
        settings.setProperty("mail.imap.connectiontimeout", "5000");
        settings.setProperty("mail.imap.timeout", "5000");
        Session session = Session.getInstance(settings);
        List<Received> received = new ArrayList<>();
        try (Store store = session.getStore("imap")) {
            store.connect(host, imapPort, address, address);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    received.add(read(message));
                }
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(
                    "Cannot read the mailbox of " + address + " at " + host + ":" + imapPort, e);
        }
        return received;
    }

    private static Received read(Message message) throws MessagingException, java.io.IOException {
        Object content = message.getContent();
        String body;
        if (content instanceof String text) {
            body = text;
        } else if (content instanceof jakarta.mail.Multipart parts) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                Object part = parts.getBodyPart(i).getContent();
                if (part instanceof String text) {
                    all.append(text).append('\n');
                }
            }
            body = all.toString();
        } else {
            body = String.valueOf(content);
        }
        String[] ids = message.getHeader("Message-ID");
        String[] language = message.getHeader("Content-Language");
        return new Received(
                ids == null ? null : ids[0],
                message.getFrom() == null ? null : message.getFrom()[0].toString(),
                message.getAllRecipients() == null ? null : message.getAllRecipients()[0].toString(),
                message.getSubject(),
                body,
                language == null ? null : language[0]);
    }
}
