package com.unifiedcommerce.platform.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads a native query's rows into a record by column name: each record component is read from
 * the column of the same name in snake case ({@code transferId} from {@code transfer_id}), so a
 * statement names its columns with {@code AS} and the record says what they are. Run the query
 * with {@code Tuple.class} as its result type and map each row with {@link #of(Class)}.
 *
 * <p>The driver chooses the Java type of a column (an {@code int4} may arrive as an Integer, a
 * {@code sum} as a BigDecimal, a {@code timestamptz} as an OffsetDateTime); the component's type
 * says what the record wants, and the conversion between them is done here, once for every store.
 * A column the record names but the statement does not select is a programming error and fails at
 * the first row, naming both. A list component reads a PostgreSQL array or comma-separated text,
 * and a null (an aggregate over nothing) as the empty list. A component of any other type (a list
 * of line records, an address) is a JSON document the statement selects as text and is read with
 * Jackson. A record is inspected once; reading a row is one array walk.
 */
public final class Columns<R extends Record> implements Function<Tuple, R> {

    private static final Map<Class<?>, Columns<?>> KNOWN = new ConcurrentHashMap<>();

    /** Reads JSON columns as the services' own mapper reads request bodies: unknown fields ignored. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Class<R> type;
    private final String[] names;
    private final Function<Object, Object>[] conversions;
    private final MethodHandle constructor;

    private Columns(Class<R> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        this.names = new String[components.length];
        @SuppressWarnings("unchecked")
        Function<Object, Object>[] converters = new Function[components.length];
        this.conversions = converters;
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = snakeCase(components[i].getName());
            conversions[i] = conversion(components[i].getGenericType(), type, components[i].getName());
            parameterTypes[i] = components[i].getType();
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, components.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + type.getName() + " from columns", e);
        }
    }

    /** The mapping for this record type; inspected on first use and kept. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> Columns<R> of(Class<R> type) {
        return (Columns<R>) KNOWN.computeIfAbsent(type, t -> new Columns<>((Class<R>) t));
    }

    @Override
    public R apply(Tuple row) {
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            Object value;
            try {
                value = row.get(names[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the statement has no column " + names[i] + " for " + type.getSimpleName() + " (it has "
                                + row.getElements().stream()
                                        .map(TupleElement::getAlias)
                                        .toList() + ")",
                        e);
            }
            values[i] = conversions[i].apply(value);
        }
        try {
            return type.cast(constructor.invoke(values));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a result, each as the record. */
    public List<R> all(List<Tuple> rows) {
        return rows.stream().map(this).toList();
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Function<Object, Object> conversion(Type wanted, Class<?> owner, String component) {
        if (wanted instanceof ParameterizedType list
                && list.getRawType() == List.class
                && isPlain(list.getActualTypeArguments()[0])) {
            Function<Object, Object> element = conversion(list.getActualTypeArguments()[0], owner, component);
            return value -> value == null ? List.of() : listOf(value, element);
        }
        if (wanted == String.class) {
            return value -> value == null ? null : value.toString();
        }
        if (wanted == long.class) {
            return value -> number(required(value, owner, component)).longValue();
        }
        if (wanted == Long.class) {
            return value -> value == null ? null : number(value).longValue();
        }
        if (wanted == int.class) {
            return value -> number(required(value, owner, component)).intValue();
        }
        if (wanted == Integer.class) {
            return value -> value == null ? null : number(value).intValue();
        }
        if (wanted == short.class) {
            return value -> number(required(value, owner, component)).shortValue();
        }
        if (wanted == Short.class) {
            return value -> value == null ? null : number(value).shortValue();
        }
        if (wanted == double.class) {
            return value -> number(required(value, owner, component)).doubleValue();
        }
        if (wanted == boolean.class) {
            return value -> (Boolean) required(value, owner, component);
        }
        if (wanted == Boolean.class) {
            return value -> value;
        }
        if (wanted == BigDecimal.class) {
            return value -> value == null || value instanceof BigDecimal ? value : new BigDecimal(value.toString());
        }
        if (wanted == Instant.class) {
            return Columns::instant;
        }
        if (wanted == LocalDate.class) {
            return value -> value instanceof java.sql.Date date ? date.toLocalDate() : value;
        }
        if (wanted == UUID.class) {
            return value -> value == null || value instanceof UUID ? value : UUID.fromString(value.toString());
        }
        if (wanted instanceof Class<?> kind && kind.isEnum()) {
            return value -> value == null ? null : enumValue(kind, value.toString());
        }
        if (wanted == Object.class) {
            return value -> value;
        }
        // Anything else is a JSON document the statement reads as text (CAST(lines AS text)).
        JavaType document = JSON.constructType(wanted);
        return value -> value == null ? null : document(value, document, owner, component);
    }

    private static boolean isPlain(Type element) {
        return element == String.class
                || element == Long.class
                || element == Integer.class
                || element == Short.class
                || element == UUID.class;
    }

    private static Object document(Object value, JavaType type, Class<?> owner, String component) {
        try {
            return JSON.readValue(value.toString(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    owner.getSimpleName() + "." + component + " holds JSON that does not read as " + type, e);
        }
    }

    private static Object required(Object value, Class<?> owner, String component) {
        if (value == null) {
            throw new IllegalStateException(owner.getSimpleName() + "." + component + " read a null column");
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> kind, String name) {
        return Enum.valueOf((Class) kind, name);
    }

    /** A PostgreSQL array arrives as a Java array; a list column written as text arrives comma-separated. */
    private static List<Object> listOf(Object value, Function<Object, Object> element) {
        Object[] items = switch (value) {
            case Object[] array -> array;
            case short[] shorts -> boxed(shorts);
            case String text -> text.isEmpty() ? new Object[0] : text.split(",");
            default -> throw new IllegalStateException("not a list column: " + value.getClass());
        };
        return Arrays.stream(items).map(element).toList();
    }

    /** A number column's value; an element of a comma-separated list arrives as text. */
    private static Number number(Object value) {
        return value instanceof String text ? Long.valueOf(text.trim()) : (Number) value;
    }

    private static Object[] boxed(short[] shorts) {
        Object[] out = new Object[shorts.length];
        for (int i = 0; i < shorts.length; i++) {
            out[i] = shorts[i];
        }
        return out;
    }

    /** A point in time, from whichever type the driver read a timestamp column as. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case LocalDateTime time -> time.toInstant(ZoneOffset.UTC);
            case Date date -> date.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }
}
