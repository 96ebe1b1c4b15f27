package com.unifiedcommerce.platform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;

import org.junit.jupiter.api.Test;

/** Reading rows into records by column name, whatever Java type the driver chose for a column. */
class ColumnsTest {

    enum Status {
        OPEN,
        CLOSED
    }

    record Line(
            String orderId,
            long paidMinor,
            Integer returned,
            boolean covered,
            Instant at,
            UUID id,
            Status status,
            List<String> skus,
            List<Short> lines) {}

    record Posted(Long transferId, String note) {}

    record Part(String sku, int quantity) {}

    record Basket(String id, List<Part> parts, Part gift) {}

    @Test
    void readsEachComponentFromItsSnakeCaseColumnConvertingWhatTheDriverGave() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("order_id", "o-1");
        columns.put("paid_minor", new BigDecimal("1999")); // a sum arrives as numeric
        columns.put("returned", 2L); // a bigint where the record wants an Integer
        columns.put("covered", true);
        columns.put("at", OffsetDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneOffset.ofHours(1)));
        columns.put("id", "6f1c2b0e-6a53-4a4f-9d0e-1d7f3f6f9a10");
        columns.put("status", "CLOSED");
        columns.put("skus", "007,SKU-2"); // text list: leading zeros are kept
        columns.put("lines", new Short[] {1, 3});

        Line line = Columns.of(Line.class).apply(new Row(columns));

        assertEquals(
                new Line(
                        "o-1",
                        1999,
                        2,
                        true,
                        Instant.parse("2026-11-30T11:00:00Z"),
                        UUID.fromString("6f1c2b0e-6a53-4a4f-9d0e-1d7f3f6f9a10"),
                        Status.CLOSED,
                        List.of("007", "SKU-2"),
                        List.of((short) 1, (short) 3)),
                line);
    }

    @Test
    void aComponentOfAnyOtherTypeIsTheJsonDocumentTheColumnHoldsAsText() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", "b-1");
        columns.put("parts", "[{\"sku\":\"A\",\"quantity\":2,\"since\":\"ignored\"},{\"sku\":\"B\",\"quantity\":1}]");
        columns.put("gift", null);

        Basket basket = Columns.of(Basket.class).apply(new Row(columns));

        assertEquals(new Basket("b-1", List.of(new Part("A", 2), new Part("B", 1)), null), basket);
    }

    @Test
    void nullColumnsStayNullWhereTheRecordAllowsIt() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("transfer_id", null);
        columns.put("note", null);

        Posted read = Columns.of(Posted.class).apply(new Row(columns));

        assertNull(read.transferId());
        assertNull(read.note());
    }

    @Test
    void aNullForAPrimitiveComponentIsNamed() {
        Map<String, Object> columns = new LinkedHashMap<>(Map.of("order_id", "o-1", "covered", true));
        columns.put("paid_minor", null);
        columns.put("returned", null);
        columns.put("at", null);
        columns.put("id", null);
        columns.put("status", null);
        columns.put("skus", null);
        columns.put("lines", null);

        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> Columns.of(Line.class).apply(new Row(columns)));

        assertTrue(refused.getMessage().contains("Line.paidMinor"), refused.getMessage());
    }

    @Test
    void aColumnTheStatementDoesNotSelectIsNamedWithWhatItHas() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> Columns.of(Posted.class).apply(new Row(Map.of("transfer", 1L, "note", "x"))));

        assertTrue(refused.getMessage().contains("transfer_id"), refused.getMessage());
        assertTrue(refused.getMessage().contains("transfer"), refused.getMessage());
    }

    @Test
    void namesAreSnakeCase() {
        assertEquals("credited_up_to_cutoff", Columns.snakeCase("creditedUpToCutoff"));
        assertEquals("at", Columns.snakeCase("at"));
    }

    /** A row as Hibernate hands one over for {@code Tuple.class}: values by alias. */
    private record Row(Map<String, Object> values) implements Tuple {

        @Override
        public Object get(String alias) {
            if (!values.containsKey(alias)) {
                throw new IllegalArgumentException("no alias " + alias);
            }
            return values.get(alias);
        }

        @Override
        public <X> X get(String alias, Class<X> type) {
            return type.cast(get(alias));
        }

        @Override
        public Object get(int i) {
            return new ArrayList<>(values.values()).get(i);
        }

        @Override
        public <X> X get(int i, Class<X> type) {
            return type.cast(get(i));
        }

        @Override
        public <X> X get(TupleElement<X> element) {
            return element.getJavaType().cast(get(element.getAlias()));
        }

        @Override
        public Object[] toArray() {
            return values.values().toArray();
        }

        @Override
        public List<TupleElement<?>> getElements() {
            List<TupleElement<?>> elements = new ArrayList<>();
            for (String alias : values.keySet()) {
                elements.add(new TupleElement<Object>() {
                    @Override
                    public Class<? extends Object> getJavaType() {
                        return Object.class;
                    }

                    @Override
                    public String getAlias() {
                        return alias;
                    }
                });
            }
            return elements;
        }
    }
}
