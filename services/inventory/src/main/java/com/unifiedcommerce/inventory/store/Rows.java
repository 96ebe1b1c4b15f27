package com.unifiedcommerce.inventory.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;

/** Reads the columns of a native query's row, whatever Java type the driver chose for them. */
final class Rows {

    private Rows() {}

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static int integer(Object value) {
        return ((Number) value).intValue();
    }

    static Integer nullableInteger(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    static long whole(Object value) {
        return ((Number) value).longValue();
    }

    static double decimal(Object value) {
        return ((Number) value).doubleValue();
    }

    static boolean flag(Object value) {
        return (Boolean) value;
    }

    static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case Date date -> date.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }
}
