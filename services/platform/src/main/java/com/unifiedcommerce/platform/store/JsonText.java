package com.unifiedcommerce.platform.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Values a native statement stores in a JSON column, written as the text it casts
 * ({@code CAST(?1 AS jsonb)}) with the application's own mapper, so a stored document reads like
 * the API's bodies. The way back is {@link Columns}.
 */
@ApplicationScoped
public class JsonText {

    @Inject
    ObjectMapper json;

    /** {@code value} as JSON text; a value that cannot be written is a defect, not bad input. */
    public String of(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "a " + value.getClass().getSimpleName() + " could not be written as JSON", e);
        }
    }
}
