package com.unifiedcommerce.order.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.order.store.Orders;
import com.unifiedcommerce.platform.messaging.Inbox;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import com.unifiedcommerce.platform.messaging.Retrying;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Merged customers in the order ledger: the folded profile's orders now belong to the survivor,
 * once per event (inbox), each order with a history line saying so.
 */
@ApplicationScoped
public class CustomersIntoLedger {

    static final String CONSUMER = "order-customers";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Inbox inbox;

    @Inject
    Orders orders;

    @Inject
    ObjectMapper json;

    @Incoming("customers")
    public Uni<Void> onCustomer(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (EventType.ofType(event.type()).orElse(null) != EventType.CUSTOMERS_MERGED) {
            return Uni.createFrom().voidItem();
        }
        CustomersMerged merged = event.payload(json, CustomersMerged.class);
        return Retrying.handle(() -> sessions.withTransaction(session -> inbox.once(
                session,
                CONSUMER,
                event.id(),
                () -> orders.repoint(session, merged.mergedId(), merged.survivorId(), "customers"))));
    }
}
