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
import com.unifiedcommerce.platform.store.JsonText;

/**
 * Lines of a hold or a sale as the statements take them and the tables keep them: a JSON array (and a
 * hold's item versions), written through the platform's {@link JsonText}.
 */
@ApplicationScoped
public class StockLinesJson {

    private static final TypeReference<List<StockLine>> LINES = new TypeReference<>() {};

    @Inject
    ObjectMapper json;

    @Inject
    JsonText jsonText;

    String write(List<StockLine> lines) {
        return jsonText.of(lines);
    }

    /** Item master versions by SKU, as a JSON object of ISO-8601 instants (what timestamptz reads). */
    String versions(Map<String, Instant> versions) {
        Map<String, String> text = new TreeMap<>();
        versions.forEach((sku, at) -> text.put(sku, at.toString()));
        return jsonText.of(text);
    }

    List<StockLine> read(String lines) {
        try {
            return json.readValue(lines, LINES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored stock lines are unreadable", e);
        }
    }
}
