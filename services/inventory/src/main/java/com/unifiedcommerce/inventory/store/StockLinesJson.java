package com.unifiedcommerce.inventory.store;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.inventory.StockLine;

/** Lines of a hold or a sale as the statements take them and the tables keep them: a JSON array. */
@ApplicationScoped
public class StockLinesJson {

    private static final TypeReference<List<StockLine>> LINES = new TypeReference<>() {};

    @Inject
    ObjectMapper json;

    String write(List<StockLine> lines) {
        try {
            return json.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stock lines are not serialisable", e);
        }
    }

    List<StockLine> read(String lines) {
        try {
            return json.readValue(lines, LINES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored stock lines are unreadable", e);
        }
    }
}
