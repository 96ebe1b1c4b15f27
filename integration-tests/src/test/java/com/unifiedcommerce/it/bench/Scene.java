package com.unifiedcommerce.it.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.unifiedcommerce.it.system.RunningSystem;

/**
 * The benchmark's data set, loaded straight into the inventory's database in bulk (the APIs would
 * take minutes for millions of rows; the service reads what is there, and nothing here needs an
 * event). Stores: store-001 at the centre of Paris and the next 19 on a spiral up to 9.5 km from
 * it (so availability within 10 km sees the same 20 stores at every scale), the rest on a grid
 * east of Paris, far from it. Items: {@code SKU-00000...} stocked at every store, BENCH-0..49
 * (what checkouts buy) and HOT-1 (the hot SKU) at store-001 only. Every stock row starts with a
 * million units, the hot one with a hundred million, so no run sells out.
 */
record Scene(int stores, int skus) {

    static final int NEAR_STORES = 20;

    static Scene small(RunningSystem system) throws SQLException {
        return load(system, new Scene(NEAR_STORES, 1_000));
    }

    /**
     * Runs bulk statements in a service's own database in one session, without waiting for each
     * commit to be flushed (a benchmark's data set, loaded once), then refreshes the planner's
     * statistics. Shared by both scales.
     */
    static void bulk(RunningSystem system, String service, String... statements) throws SQLException {
        try (Connection db = system.database(service);
                Statement sql = db.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            for (String statement : statements) {
                sql.execute(statement);
            }
            sql.execute("ANALYZE");
        }
    }

    static Scene load(RunningSystem system, Scene scene) throws SQLException {
        bulk(
                system,
                "inventory",
                "INSERT INTO location (id, name, type, latitude, longitude, pickup_enabled, accepts_returns,"
                        + " pickup_hold_hours)"
                        + " SELECT 'store-' || CASE WHEN n < 1000 THEN lpad(n::text, 3, '0') ELSE n::text END,"
                        + " 'Store ' || n, 'STORE',"
                        + " CASE WHEN n <= " + NEAR_STORES + " THEN 48.86 + (n - 1) * 0.0045 * sin(n)"
                        + " ELSE 43 + ((n - " + NEAR_STORES + ") % 40) * 0.17 END,"
                        + " CASE WHEN n <= " + NEAR_STORES + " THEN 2.35 + (n - 1) * 0.0068 * cos(n)"
                        + " ELSE 3.5 + ((n - " + NEAR_STORES + ") / 40) * 0.25 END,"
                        + " true, true, 48 FROM generate_series(1, " + scene.stores + ") n"
                        + " ON CONFLICT (id) DO UPDATE SET latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,"
                        + " type = 'STORE', pickup_enabled = true, accepts_returns = true",
                "INSERT INTO item (sku, name, category, list_price, currency, returnable)"
                        + " SELECT 'SKU-' || lpad(n::text, 5, '0'), 'Item ' || n, 'bench', 1000 + n % 5000, 'EUR', true"
                        + " FROM generate_series(0, " + (scene.skus - 1) + ") n"
                        + " UNION ALL SELECT 'BENCH-' || n, 'Bench ' || n, 'bench', 2599, 'EUR', true"
                        + " FROM generate_series(0, 49) n"
                        + " UNION ALL SELECT 'HOT-1', 'Hot item', 'bench', 999, 'EUR', true"
                        + " ON CONFLICT (sku) DO NOTHING",
                "INSERT INTO stock (location_id, sku, on_hand)"
                        + " SELECT l.id, 'SKU-' || lpad(n::text, 5, '0'), 1000000"
                        + " FROM location l, generate_series(0, " + (scene.skus - 1) + ") n"
                        + " WHERE l.id LIKE 'store-%' ON CONFLICT DO NOTHING",
                "INSERT INTO stock (location_id, sku, on_hand)"
                        + " SELECT 'store-001', sku, CASE WHEN sku = 'HOT-1' THEN 100000000 ELSE 1000000 END"
                        + " FROM item WHERE sku LIKE 'BENCH-%' OR sku = 'HOT-1' ON CONFLICT DO NOTHING");
        return scene;
    }

    /** A SKU stocked at every store, at random. */
    String holdSku(ThreadLocalRandom random) {
        return String.format("SKU-%05d", random.nextInt(skus));
    }

    /** The stock row's counters, read from the database. */
    static Map<String, Object> stock(RunningSystem system, String location, String sku) throws SQLException {
        try (Connection db = system.database("inventory");
                PreparedStatement read =
                        db.prepareStatement("SELECT on_hand, reserved FROM stock WHERE location_id = ? AND sku = ?")) {
            read.setString(1, location);
            read.setString(2, sku);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                return Map.of("onHand", row.getLong(1), "reserved", row.getLong(2));
            }
        }
    }
}
