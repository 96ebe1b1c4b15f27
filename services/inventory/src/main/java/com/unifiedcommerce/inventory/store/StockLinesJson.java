package com.unifiedcommerce.inventory.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.inventory.StockLine;

/** Lines of a hold or a sale as the statements take them and the tables keep them: a JSON array (and a hold's item versions). */
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

    /** Item master versions by SKU, as a JSON object of ISO-8601 instants (what timestamptz reads). */
    String versions(Map<String, Instant> versions) {
        Map<String, String> text = new TreeMap<>();
        versions.forEach((sku, at) -> text.put(sku, at.toString()));
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("item versions are not serialisable", e);
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
