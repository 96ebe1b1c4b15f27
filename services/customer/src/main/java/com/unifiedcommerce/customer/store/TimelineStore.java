package com.unifiedcommerce.customer.store;

import java.util.ArrayList;
import java.util.List;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each customer's cross-channel history, one document per event: its _id is the event id, so an
 * event delivered again is not recorded twice.
 */
@ApplicationScoped
public class TimelineStore {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private MongoCollection<Document> entries;

    @PostConstruct
    void collection() {
        entries = mongo.getDatabase(database).getCollection("timeline");
        entries.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("by_customer"));
    }

    /** Records the entry; false when this event was recorded before. */
    public boolean record(Document entry) {
        return Documents.insertNew(entries, entry);
    }

    /** Newest first (by the event's time, then its id), one page. */
    public List<Document> page(String customerId, int page, int size) {
        return entries.find(Filters.eq("customerId", customerId))
                .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("_id")))
                .skip(page * size)
                .limit(size)
                .into(new ArrayList<>());
    }

    public long count(String customerId) {
        return entries.countDocuments(Filters.eq("customerId", customerId));
    }

    /** A merged customer's history becomes the survivor's. */
    public void repoint(String from, String to) {
        entries.updateMany(Filters.eq("customerId", from), Updates.set("customerId", to));
    }

    /** An erased customer's entries keep what happened and lose what could identify them. */
    public void erase(String customerId) {
        entries.updateMany(
                Filters.eq("customerId", customerId),
                Updates.combine(Updates.unset("detail"), Updates.set("erased", true)));
    }
}
