package com.unifiedcommerce.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.contracts.orders.Tender;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The AsyncAPI document and the payload records describe the same events, field for field. */
class EventCatalogTest {

    private static final List<Class<? extends Record>> SHARED =
            List.of(Money.class, StockLine.class, OrderLine.class, Tender.class, ReturnLine.class, Refund.class);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asyncApi() throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream("/asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml is packaged with the contracts");
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertNotNull(current, "missing " + String.join(".", path));
        }
        return current;
    }

    @Test
    void everyEventIsAMessageOnTheChannelOfItsTopic() throws IOException {
        Map<String, Object> doc = asyncApi();
        Map<String, Object> channels = section(doc, "channels");
        for (EventType event : EventType.values()) {
            Map<String, Object> channel = channels.values().stream()
                    .map(c -> (Map<String, Object>) c)
                    .filter(c -> event.topic().equals(c.get("address")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no channel for " + event.topic()));
            assertTrue(section(channel, "messages").containsKey(event.type()), event.type() + " on " + event.topic());
            assertTrue(section(doc, "components", "messages").containsKey(event.type()), event.type());
        }
        long documented = channels.values().stream()
                .mapToLong(c -> ((Map<String, Object>) ((Map<String, Object>) c).get("messages")).size())
                .sum();
        assertEquals(EventType.values().length, documented, "the document lists no event the code lacks");
    }

    @Test
    void everyPayloadSchemaHasExactlyTheRecordsFields() throws IOException {
        Map<String, Object> schemas = section(asyncApi(), "components", "schemas");
        List<Class<? extends Record>> records = new java.util.ArrayList<>(SHARED);
        Arrays.stream(EventType.values()).map(EventType::payload).forEach(records::add);
        for (Class<? extends Record> record : records) {
            Map<String, Object> schema = section(schemas, record.getSimpleName());
            Set<String> documented = section(schema, "properties").keySet();
            Set<String> fields = Arrays.stream(record.getRecordComponents())
                    .map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            assertEquals(fields, documented, record.getSimpleName());
        }
    }

    @Test
    void typesAreUniqueAndNamedAfterTheirRecords() {
        Set<String> types =
                Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.toSet());
        assertEquals(EventType.values().length, types.size());
        assertEquals(EventType.ORDER_PLACED, EventType.ofType("OrderPlaced").orElseThrow());
        assertEquals("urn:commerce:event:OrderPlaced:v1", EventType.ORDER_PLACED.dataSchema());
    }

    @Test
    void moneyIsMinorUnitsOfAnIsoCurrency() {
        assertEquals(1999, new Money(1999, "EUR").amount());
        assertThrows(IllegalArgumentException.class, () -> new Money(1, "eur"));
        assertThrows(IllegalArgumentException.class, () -> new Money(1, "EURO"));
    }
}
