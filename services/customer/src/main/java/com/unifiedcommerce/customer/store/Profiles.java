package com.unifiedcommerce.customer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.unifiedcommerce.customer.domain.Profile;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Profiles and the identity claims that keep identities unique, in MongoDB without transactions:
 * every write is one atomic document operation, and a profile's events travel inside the same
 * document ({@code outbox}), so the change and its event are written together or not at all.
 * An identity is claimed by inserting a document whose _id is the identity's key: the unique _id
 * makes two customers claiming one email impossible, whatever the concurrency.
 */
@ApplicationScoped
public class Profiles {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> customers;
    private MongoCollection<Profile> profiles;
    private MongoCollection<Document> identities;

    @PostConstruct
    void collections() {
        customers = mongo.getDatabase(database).getCollection("customers");
        profiles = customers
                .withDocumentClass(Profile.class)
                .withCodecRegistry(CodecRegistries.fromRegistries(
                        CodecRegistries.fromCodecs(new ProfileCodec()), customers.getCodecRegistry()));
        identities = mongo.getDatabase(database).getCollection("identities");
        customers.createIndex(Indexes.ascending("pending"), new IndexOptions().name("pending_events"));
        identities.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("by_customer"));
    }

    MongoCollection<Document> customers() {
        return customers;
    }

    /** Who holds the identity now: {@code customerId} when this call (or an earlier one for it) claimed it. */
    public String claim(String key, String customerId) {
        try {
            identities.insertOne(
                    new Document("_id", key).append("customerId", customerId).append("at", new Date()));
            return customerId;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document holder = identities.find(Filters.eq("_id", key)).first();
            // Released between our insert and this read: try once more.
            return holder == null ? claim(key, customerId) : holder.getString("customerId");
        }
    }

    public Optional<String> holder(String key) {
        return Optional.ofNullable(identities.find(Filters.eq("_id", key)).first())
                .map(d -> d.getString("customerId"));
    }

    /** Gives up claims this customer holds (a sign-up that lost a race, an erased profile). */
    public void release(List<String> keys, String customerId) {
        if (!keys.isEmpty()) {
            identities.deleteMany(Filters.and(Filters.in("_id", keys), Filters.eq("customerId", customerId)));
        }
    }

    /** Moves the claims of one customer to another (a merge); claims already moved stay. */
    public void moveClaims(String from, String to) {
        identities.updateMany(Filters.eq("customerId", from), Updates.set("customerId", to));
    }

    /** The id of the profile that now speaks for {@code customerId}: the survivor once it was merged. */
    public String owner(String customerId) {
        return current(customerId).map(Profile::id).orElse(customerId);
    }

    /**
     * The profile that now speaks for {@code customerId}, read once per hop: itself, or the
     * survivor it was merged into (a few hops at most); empty when there is none.
     */
    public Optional<Profile> current(String customerId) {
        Optional<Profile> profile = find(customerId);
        for (int hops = 0; hops < 5 && profile.isPresent(); hops++) {
            String next = profile.get().mergedInto();
            if (next == null) {
                return profile;
            }
            Optional<Profile> survivor = find(next);
            if (survivor.isEmpty()) {
                return profile;
            }
            profile = survivor;
        }
        return profile;
    }

    public Optional<Profile> find(String customerId) {
        return Optional.ofNullable(profiles.find(Filters.eq("_id", customerId)).first());
    }

    /** Inserts the profile with its first events; false when a profile with that id exists already. */
    public boolean insert(Profile profile, List<Document> events) {
        return Documents.insertNew(
                customers,
                ProfileCodec.document(profile).append("outbox", events).append("pending", !events.isEmpty()));
    }

    /**
     * Applies {@code change} to the profile when it still matches {@code guard}, appending the
     * events to its outbox in the same atomic operation; false when the guard did not match.
     */
    public boolean update(String customerId, Bson guard, Bson change, List<Document> events) {
        List<Bson> updates = new ArrayList<>();
        updates.add(change);
        updates.add(Updates.set("updatedAt", Date.from(Instant.now())));
        if (!events.isEmpty()) {
            updates.add(Updates.pushEach("outbox", events));
            updates.add(Updates.set("pending", true));
        }
        UpdateResult result = customers.updateOne(
                guard == null ? Filters.eq("_id", customerId) : Filters.and(Filters.eq("_id", customerId), guard),
                Updates.combine(updates));
        return result.getMatchedCount() == 1;
    }
}
