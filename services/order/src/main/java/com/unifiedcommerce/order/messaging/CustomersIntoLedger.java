package com.unifiedcommerce.order.messaging;

import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.messaging.Inbox;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Customers in the order ledger: a folded profile's orders now belong to the survivor (each with
 * a history line saying so); an erased customer's orders lose their shipping addresses, except
 * those still to be shipped. Once per event (inbox).
 */
@ApplicationScoped
public class CustomersIntoLedger {

    static final String CONSUMER = "order-customers";

    @Inject
    Inbox inbox;

    @Inject
    Orders orders;

    @Inject
    ObjectMapper json;

    @Incoming("customers")
    public Uni<Void> onCustomer(ConsumerRecord<String, byte[]> record) {
        return inbox.consume(
                record,
                CONSUMER,
                Set.of(EventType.CUSTOMERS_MERGED, EventType.CUSTOMER_ERASED),
                (session, type, event) -> {
                    if (type == EventType.CUSTOMER_ERASED) {
                        return orders.eraseAddresses(
                                session,
                                event.payload(json, CustomerErased.class).customerId());
                    }
                    CustomersMerged merged = event.payload(json, CustomersMerged.class);
                    return orders.repoint(session, merged.mergedId(), merged.survivorId(), "customers");
                });
    }
}
