package com.unifiedcommerce.customer.client;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The adapter of the SMS and push ports (and of verification codes) while no provider is
 * connected: every message is recorded (the
 * {@code contacts} collection: to whom, how, what, when) instead of being delivered, and only its
 * destination is logged. The back office reads the record; so do the end-to-end tests, standing in
 * for the customer's phone. A real provider replaces this adapter behind {@link ContactSender}.
 */
@ApplicationScoped
public class RecordedContacts implements ContactSender, TextMessages, PushMessages {

    private static final Logger LOG = Logger.getLogger(RecordedContacts.class);

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** A message as it was recorded. */
    public record Sent(String via, String to, String text, Date at) {}

    private MongoCollection<Document> contacts() {
        return mongo.getDatabase(database).getCollection("contacts");
    }

    @Override
    public void send(String customerId, Via via, String to, String text) {
        record(customerId, via.name(), to, text);
    }

    private void record(String customerId, String via, String to, String text) {
        contacts()
                .insertOne(new Document("customerId", customerId)
                        .append("via", via)
                        .append("to", to)
                        .append("text", text)
                        .append("at", new Date()));
        LOG.infof("Message to customer %s by %s recorded (no provider is connected)", customerId, via);
    }

    /** A notification by SMS, recorded as {@code SMS} like a verification code. */
    @Override
    public void text(String customerId, String phone, String text) {
        record(customerId, "SMS", phone, text);
    }

    /** A notification to the customer's app, recorded as {@code PUSH}, addressed by customer id. */
    @Override
    public void push(String customerId, String title, String text) {
        record(customerId, "PUSH", customerId, title + "\n" + text);
    }

    /** The messages sent to a customer, newest first. */
    public List<Sent> sentTo(String customerId, int limit) {
        List<Sent> sent = new ArrayList<>();
        contacts()
                .find(Filters.eq("customerId", customerId))
                .sort(Sorts.descending("at"))
                .limit(limit)
                .forEach(d -> sent.add(
                        new Sent(d.getString("via"), d.getString("to"), d.getString("text"), d.getDate("at"))));
        return sent;
    }
}
