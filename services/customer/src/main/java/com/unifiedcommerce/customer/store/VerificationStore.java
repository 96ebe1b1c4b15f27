package com.unifiedcommerce.customer.store;

import java.util.Date;
import java.util.Optional;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One-time codes that prove a customer is present (they received the code on an identity on
 * file), each a document changed only by single atomic operations: a try counts before the code is
 * compared, a proof is spent once (for one cause, which may repeat it).
 */
@ApplicationScoped
public class VerificationStore {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> verifications;

    @PostConstruct
    void collection() {
        verifications = mongo.getDatabase(database).getCollection("verifications");
    }

    public void insert(Document verification) {
        verifications.insertOne(verification);
    }

    public Optional<Document> find(String id) {
        return Optional.ofNullable(verifications.find(Filters.eq("_id", id)).first());
    }

    /**
     * Counts a try at the code of an open verification (not confirmed, not expired, tries left);
     * emits it as it is after the count, or empty when no try is allowed.
     */
    public Optional<Document> countTry(String id, String customerId, int maxTries) {
        return Optional.ofNullable(verifications.findOneAndUpdate(
                Filters.and(
                        Filters.eq("_id", id),
                        Filters.eq("customerId", customerId),
                        Filters.eq("confirmedAt", null),
                        Filters.gt("expiresAt", new Date()),
                        Filters.lt("tries", maxTries)),
                Updates.inc("tries", 1),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    public void confirm(String id, Date at, Date validUntil) {
        verifications.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("confirmedAt", null)),
                Updates.combine(Updates.set("confirmedAt", at), Updates.set("validUntil", validUntil)));
    }

    /**
     * Spends a confirmed proof of {@code customerId}, still valid, for {@code cause} (a merge, a
     * sale): the first cause takes it and may use it again (a retry); any other is refused. Emits
     * the proof when it is spent on this cause.
     */
    public Optional<Document> spend(String id, String customerId, String cause) {
        return Optional.ofNullable(verifications.findOneAndUpdate(
                Filters.and(
                        Filters.eq("_id", id),
                        Filters.eq("customerId", customerId),
                        Filters.ne("confirmedAt", null),
                        Filters.gt("validUntil", new Date()),
                        Filters.or(Filters.eq("spentOn", null), Filters.eq("spentOn", cause))),
                Updates.set("spentOn", cause),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }
}
