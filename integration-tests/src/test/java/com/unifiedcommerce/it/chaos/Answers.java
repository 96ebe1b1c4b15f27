package com.unifiedcommerce.it.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every answer a client of the load received, in the order they came: what was asked (journey,
 * step, method, path, Idempotency-Key), what came back (status, the ids and statuses in the body)
 * and how long it took. The checker compares these with what the ledgers hold.
 */
final class Answers {

    /**
     * One answer. {@code status} 0 means no answer at all (the connection broke or nothing came
     * within the client's patience for one attempt).
     */
    record Answer(
            String journey,
            String step,
            String method,
            String path,
            String key,
            int status,
            long millis,
            Instant at,
            boolean last,
            Map<String, Object> body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String id() {
            Object id = body == null ? null : body.get("id");
            return id == null ? null : id.toString();
        }
    }

    private final ConcurrentLinkedQueue<Answer> all = new ConcurrentLinkedQueue<>();

    void add(Answer answer) {
        all.add(answer);
    }

    List<Answer> all() {
        return new ArrayList<>(all);
    }

    /** The final answer of every request (after the client's own repeats). */
    List<Answer> finals() {
        return all.stream().filter(Answer::last).toList();
    }

    void write(Path file, ObjectMapper json) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        for (Answer answer : all) {
            lines.append(json.writeValueAsString(answer)).append('\n');
        }
        Files.writeString(file, lines);
    }
}
