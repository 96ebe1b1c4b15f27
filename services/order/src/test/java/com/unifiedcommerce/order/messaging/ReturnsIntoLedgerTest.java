package com.unifiedcommerce.order.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.infra.support.TopicWriter;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.CheckoutAttempts;
import com.unifiedcommerce.order.store.Orders;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Accepted returns land in the order ledger once each; an order whose every unit came back is RETURNED. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "orders"), @ResourceArg(name = "keycloak", value = "true")})
class ReturnsIntoLedgerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Inject
    Orders orders;

    @Inject
    CheckoutAttempts attempts;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ObjectMapper json;

    private Order pickedUp(String id) {
        return order(id, "cus-returns", Fulfilment.PICKUP, OrderStatus.PICKED_UP, null);
    }

    private Order order(String id, String customer, Fulfilment fulfilment, OrderStatus status, Order.Address address) {
        return new Order(
                id,
                customer,
                Channel.WEB,
                fulfilment,
                "store-001",
                status,
                "EUR",
                7_000,
                0,
                0,
                List.of(
                        new Order.Line("l1", "SKU-A", "A", 2, 1_000, 2_000, 0, 2_000, true, null, 0),
                        new Order.Line("l2", "SKU-B", "B", 1, 5_000, 5_000, 0, 5_000, true, null, 0)),
                List.of(new Order.Payment(TenderType.CARD, 7_000, "psp-1")),
                address,
                null,
                null,
                null,
                48,
                null,
                null,
                0,
                false,
                null,
                null);
    }

    private UUID publish(String orderId, String returnId, UUID id, ReturnLine... lines) throws Exception {
        return publish(orderId, returnId, id, null, lines);
    }

    private UUID publish(
            String orderId, String returnId, UUID id, ReturnAccepted.Exchange exchange, ReturnLine... lines)
            throws Exception {
        ReturnAccepted accepted = new ReturnAccepted(
                returnId,
                orderId,
                "cus-returns",
                Channel.STORE,
                "store-002",
                List.of(lines),
                List.of(),
                0,
                0,
                exchange);
        return TopicWriter.publish(
                kafka,
                Topics.RETURNS,
                returnId,
                EventType.RETURN_ACCEPTED.type(),
                json.writeValueAsString(accepted),
                id);
    }

    private Order read(String id) {
        return sessions.withSession(session -> orders.find(session, id))
                .await()
                .atMost(WAIT)
                .orElseThrow();
    }

    /** Records an order as checkout does (PENDING, then placed in the given status), with its first history entry. */
    private Uni<Boolean> insert(Mutiny.Session session, Order order, Orders.Actor actor) {
        return attempts.begin(session, order, "test")
                .chain(attempt -> attempts.place(session, order, attempt.orElseThrow(), actor, List.of()))
                .map(Optional::isPresent);
    }

    @Test
    void returnedUnitsAreCountedOnceAndAFullyReturnedOrderIsReturned() throws Exception {
        String id = "ord-returns-" + runId;
        sessions.withTransaction(
                        session -> insert(session, pickedUp(id), new Orders.Actor("test", "WEB", "store-001", null)))
                .await()
                .atMost(WAIT);
        ReturnLine oneA = new ReturnLine("l1", "SKU-A", 1, ReturnLine.Condition.RESELLABLE, "CHANGED_MIND");
        UUID first = publish(id, "ret-1-" + runId, UUID.randomUUID(), oneA);
        publish(id, "ret-1-" + runId, first, oneA);
        // The same return published again under another id changes nothing either.
        publish(id, "ret-1-" + runId, UUID.randomUUID(), oneA);
        Eventually.equal(1, () -> read(id).lines().getFirst().returned());

        publish(
                id,
                "ret-2-" + runId,
                UUID.randomUUID(),
                oneA,
                new ReturnLine("l2", "SKU-B", 1, ReturnLine.Condition.DAMAGED, "DEFECTIVE"));
        Eventually.equal(OrderStatus.RETURNED, () -> read(id).status());
        Order returned = read(id);
        assertEquals(2, returned.lines().get(0).returned());
        assertEquals(1, returned.lines().get(1).returned());
        List<Orders.History> history = sessions.withSession(session -> orders.history(session, id))
                .await()
                .atMost(WAIT);
        assertEquals(OrderStatus.RETURNED, history.getLast().to());
        assertEquals("store-002", history.getLast().locationId());
    }

    @Test
    void aFoldedCustomersOrdersFollowTheSurvivorOnceHoweverOftenTheMergeArrives() throws Exception {
        String id = "ord-merged-" + runId;
        String survivor = "cus-survivor-" + runId;
        sessions.withTransaction(
                        session -> insert(session, pickedUp(id), new Orders.Actor("test", "STORE", "store-001", null)))
                .await()
                .atMost(WAIT);
        String merged = json.writeValueAsString(new CustomersMerged(survivor, "cus-returns"));
        UUID event = UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            TopicWriter.publish(kafka, Topics.CUSTOMERS, survivor, EventType.CUSTOMERS_MERGED.type(), merged, event);
        }
        TopicWriter.publish(kafka, Topics.CUSTOMERS, survivor, EventType.CUSTOMERS_MERGED.type(), merged);
        Eventually.equal(survivor, () -> read(id).customerId());
        Thread.sleep(500);
        List<Orders.History> history = sessions.withSession(session -> orders.history(session, id))
                .await()
                .atMost(WAIT);
        assertEquals(
                1,
                history.stream()
                        .filter(h -> h.reason() != null && h.reason().contains("merged into " + survivor))
                        .count());
    }

    @Test
    void anErasedCustomersAddressesGoExceptOnAnOrderStillToBeShipped() throws Exception {
        String customer = "cus-erased-" + runId;
        Order.Address address = new Order.Address("Ann Example", "1 rue de Rivoli", null, "75001", "Paris", "FR");
        String delivered = "ord-erased-delivered-" + runId;
        String waiting = "ord-erased-waiting-" + runId;
        sessions.withTransaction(session -> insert(
                                session,
                                order(delivered, customer, Fulfilment.SHIP, OrderStatus.DELIVERED, address),
                                new Orders.Actor("test", "WEB", null, null))
                        .chain(() -> insert(
                                session,
                                order(waiting, customer, Fulfilment.SHIP, OrderStatus.PLACED, address),
                                new Orders.Actor("test", "WEB", null, null))))
                .await()
                .atMost(WAIT);
        TopicWriter.publish(
                kafka,
                Topics.CUSTOMERS,
                customer,
                EventType.CUSTOMER_ERASED.type(),
                json.writeValueAsString(new CustomerErased(customer)));
        Eventually.equal(true, () -> read(delivered).shippingAddress() == null);
        assertEquals(address, read(waiting).shippingAddress());
        assertEquals(customer, read(delivered).customerId());
    }

    /**
     * An exchange's replacement that is gone (cancelled) by the time its return arrives: the
     * return's units are still counted on the original order, nothing throws, nothing is
     * dead-lettered, and the replacement stays as it is.
     */
    @Test
    void aReturnWhoseReplacementIsGoneIsStillCountedAndNeverDeadLettered() throws Exception {
        String original = "ord-swap-" + runId;
        String replacement = "ord-swap-new-" + runId;
        Order gone = order(replacement, "cus-returns", Fulfilment.CARRY_OUT, OrderStatus.CANCELLED, null);
        sessions.withTransaction(session -> insert(
                                session, pickedUp(original), new Orders.Actor("test", "STORE", null, null))
                        .chain(() -> insert(session, gone, new Orders.Actor("test", "STORE", null, null))))
                .await()
                .atMost(WAIT);
        String returnId = "ret-swap-" + runId;
        publish(
                original,
                returnId,
                UUID.randomUUID(),
                new ReturnAccepted.Exchange(replacement, new Money(1_000, "EUR")),
                new ReturnLine("l1", "SKU-A", 1, ReturnLine.Condition.RESELLABLE, "WRONG_SIZE"));
        Eventually.equal(1, () -> read(original).lines().getFirst().returned());
        assertEquals(OrderStatus.CANCELLED, read(replacement).status());
        assertTrue(
                TopicReader.read(kafka, "commerce.returns.order-dlq", returnId::equals, 1, Duration.ofSeconds(3))
                        .isEmpty(),
                "nothing dead-lettered");
    }

    /** More units than are left can never be right: nothing is recorded and the event waits on the dead-letter topic. */
    @Test
    void aReturnOfMoreUnitsThanAreLeftChangesNothingAndIsDeadLetteredWithItsReason() throws Exception {
        String id = "ord-over-" + runId;
        sessions.withTransaction(
                        session -> insert(session, pickedUp(id), new Orders.Actor("test", "WEB", "store-001", null)))
                .await()
                .atMost(WAIT);
        String returnId = "ret-over-" + runId;
        publish(
                id,
                returnId,
                UUID.randomUUID(),
                new ReturnLine("l1", "SKU-A", 3, ReturnLine.Condition.RESELLABLE, "X"));
        List<ConsumerRecord<String, byte[]>> dead =
                TopicReader.read(kafka, "commerce.returns.order-dlq", returnId::equals, 1, Duration.ofSeconds(20));
        assertEquals(1, dead.size(), "on the dead-letter topic");
        String reason = new String(
                dead.getFirst().headers().lastHeader("dead-letter-reason").value());
        assertTrue(reason.contains("only 2 are not returned yet"), reason);
        assertEquals(0, read(id).lines().getFirst().returned());
    }
}
