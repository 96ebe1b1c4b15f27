package com.unifiedcommerce.customer.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every message to a customer, one document each, from the moment its cause arrives: its _id is
 * the causing event's id and the message kind, so an event delivered again records nothing new.
 * A document goes PENDING -> SENDING (claimed by one instance for a lease) -> SENT, or SKIPPED
 * (with the reason), or back to PENDING with a later {@code dueAt} when sending failed, and FAILED
 * once the tries run out. Every change is one atomic document update guarded by the status (and
 * the lease's owner), so two replicas never send one message together.
 */
@ApplicationScoped
public class NotificationStore {

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String SENT = "SENT";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> notifications;

    @PostConstruct
    void collection() {
        notifications = mongo.getDatabase(database).getCollection("notifications");
        notifications.createIndex(Indexes.ascending("customerId", "createdAt"), new IndexOptions().name("by_customer"));
        notifications.createIndex(Indexes.ascending("status", "dueAt"), new IndexOptions().name("due"));
        notifications.createIndex(Indexes.ascending("announced"), new IndexOptions().name("to_announce"));
    }

    /** Records a message to send; false when its cause was recorded before. */
    public boolean record(Document notification) {
        return Documents.insertNew(notifications, notification);
    }

    /**
     * Claims the next message due (PENDING and due, or SENDING whose lease lapsed: its instance
     * died or hung while sending) for {@code owner} until {@code now + lease}, counting the try.
     */
    public Optional<Document> claimNext(String owner, Instant now, Duration lease) {
        Date at = Date.from(now);
        Bson due = Filters.or(
                Filters.and(Filters.eq("status", PENDING), Filters.lte("dueAt", at)),
                Filters.and(Filters.eq("status", SENDING), Filters.lte("leaseUntil", at)));
        return Optional.ofNullable(notifications.findOneAndUpdate(
                due,
                Updates.combine(
                        Updates.set("status", SENDING),
                        Updates.set("leaseOwner", owner),
                        Updates.set("leaseUntil", Date.from(now.plus(lease))),
                        Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER)));
    }

    /**
     * Ends a claim with {@code change} (SENT, SKIPPED, FAILED, or PENDING again), only while
     * {@code owner} still holds it; false when the lease lapsed and another instance took it.
     */
    public boolean finish(String id, String owner, Bson change) {
        return notifications
                        .updateOne(
                                Filters.and(
                                        Filters.eq("_id", id),
                                        Filters.eq("status", SENDING),
                                        Filters.eq("leaseOwner", owner)),
                                Updates.combine(change, Updates.unset("leaseOwner"), Updates.unset("leaseUntil")))
                        .getModifiedCount()
                == 1;
    }

    /**
     * Records {@code sent} for a message this instance delivered after its lease lapsed, over what
     * another instance decided meanwhile (skipped, put back, failed): what reached the customer is
     * what the history must say. Nothing changes when it is already SENT (the other instance sent it
     * too, under the same Message-ID). True when it changed.
     */
    public boolean delivered(String id, Bson sent) {
        return notifications
                        .updateOne(
                                Filters.and(Filters.eq("_id", id), Filters.ne("status", SENT)),
                                Updates.combine(sent, Updates.unset("leaseOwner"), Updates.unset("leaseUntil")))
                        .getModifiedCount()
                == 1;
    }

    /** Decided messages (sent, skipped or failed) not announced yet, oldest first. */
    public List<Document> unannounced(int limit) {
        return notifications
                .find(Filters.eq("announced", false))
                .sort(Sorts.ascending("decidedAt"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    public void markAnnounced(String id) {
        notifications.updateOne(Filters.eq("_id", id), Updates.set("announced", true));
    }

    public Optional<Document> find(String id) {
        return Optional.ofNullable(notifications.find(Filters.eq("_id", id)).first());
    }

    /**
     * A customer's messages, newest first by when each went or is to go ({@code dueAt}: a
     * reminder sorts at its time, not at its cause's), one page.
     */
    public List<Document> page(String customerId, int page, int size) {
        return notifications
                .find(Filters.eq("customerId", customerId))
                .sort(Sorts.orderBy(Sorts.descending("dueAt"), Sorts.descending("_id")))
                .skip(page * size)
                .limit(size)
                .into(new ArrayList<>());
    }

    public long count(String customerId) {
        return notifications.countDocuments(Filters.eq("customerId", customerId));
    }

    /** A merged customer's messages become the survivor's. */
    public void repoint(String from, String to) {
        notifications.updateMany(Filters.eq("customerId", from), Updates.set("customerId", to));
    }

    /**
     * An erased customer's history keeps what was sent when and why, and loses where it went and
     * what it said; what was still to send is skipped.
     */
    public void erase(String customerId) {
        notifications.updateMany(
                Filters.eq("customerId", customerId),
                Updates.combine(Updates.unset("to"), Updates.unset("subject"), Updates.set("erased", true)));
        notifications.updateMany(
                Filters.and(Filters.eq("customerId", customerId), Filters.eq("status", PENDING)),
                Updates.combine(
                        Updates.set("status", SKIPPED),
                        Updates.set("reason", "customer erased"),
                        Updates.set("decidedAt", new Date()),
                        Updates.set("announced", false)));
    }
}
