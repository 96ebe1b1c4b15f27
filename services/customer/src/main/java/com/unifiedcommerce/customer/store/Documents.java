package com.unifiedcommerce.customer.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** What the stores share about MongoDB documents. */
final class Documents {

    private Documents() {}

    /**
     * Inserts {@code document} unless one with its _id exists: the unique _id makes a repeated
     * write (a redelivered event, a retried request) change nothing. False when it existed.
     */
    static boolean insertNew(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
