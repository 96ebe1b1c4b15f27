package com.unifiedcommerce.it.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.unifiedcommerce.it.system.RunningSystem;

/**
 * {@code -Dbench.scale=large}: a retailer's size. 1,000 stores and 10,000 SKUs (10 million stock
 * rows) in inventory, a million past orders in the order ledger and a million loyalty accounts,
 * loaded in bulk before the figures are measured; prints how long the load took and the disk it
 * uses. The past orders are picked up (nothing sweeps them) and the accounts are empty (so the
 * ledger's balance invariant holds). Synthetic data: never reconciled against each other.
 */
final class LargeScale {

    static final int STORES = 1_000;
    static final int SKUS = 10_000;
    static final int ORDERS = 1_000_000;
    static final int ACCOUNTS = 1_000_000;

    private LargeScale() {}

    static Scene load(RunningSystem system) throws SQLException {
        long start = System.nanoTime();
        Scene scene = Scene.load(system, new Scene(STORES, SKUS));
        long stock = System.nanoTime();
        Scene.bulk(
                system,
                "order",
                "INSERT INTO customer_order (id, customer_id, channel, fulfilment, location_id, status,"
                        + " currency, total, points_redeemed, points_value, lines, tenders, created_at, updated_at)"
                        + " SELECT 'ord-past-' || n, 'cus-past-' || (n % " + ACCOUNTS + "),"
                        + " CASE n % 3 WHEN 0 THEN 'WEB' WHEN 1 THEN 'MOBILE' ELSE 'STORE' END,"
                        + " CASE n % 3 WHEN 2 THEN 'CARRY_OUT' ELSE 'PICKUP' END,"
                        + " 'store-' || lpad((1 + n % 999)::text, 3, '0'), 'PICKED_UP', 'EUR', 2599, 0, 0,"
                        + " jsonb_build_array(jsonb_build_object('lineId', 'l1', 'sku', 'SKU-' || lpad((n % "
                        + SKUS + ")::text, 5, '0'), 'name', 'Item', 'quantity', 1, 'unitPrice', 2599, 'total', 2599,"
                        + " 'points', 0, 'paid', 2599, 'returnable', true, 'returnDays', null, 'returned', 0)),"
                        + " jsonb_build_array(jsonb_build_object('type', 'CARD', 'amount', 2599, 'reference', 'psp-past')),"
                        + " now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval"
                        + " FROM generate_series(1, " + ORDERS + ") n ON CONFLICT DO NOTHING");
        long orders = System.nanoTime();
        Scene.bulk(
                system,
                "loyalty",
                "INSERT INTO account (id, kind, customer_id)"
                        + " SELECT 'cus-past-' || n, 'CUSTOMER', 'cus-past-' || n FROM generate_series(0, "
                        + (ACCOUNTS - 1) + ") n ON CONFLICT DO NOTHING");
        long accounts = System.nanoTime();
        Figures.print(
                "large_load",
                "stock_rows",
                (long) STORES * SKUS,
                "stock_s",
                (stock - start) / 1e9,
                "orders",
                ORDERS,
                "orders_s",
                (orders - stock) / 1e9,
                "accounts",
                ACCOUNTS,
                "accounts_s",
                (accounts - orders) / 1e9,
                "inventory_mb",
                megabytes(system, "inventory"),
                "order_mb",
                megabytes(system, "order"),
                "loyalty_mb",
                megabytes(system, "loyalty"));
        return scene;
    }

    private static long megabytes(RunningSystem system, String service) throws SQLException {
        try (Connection db = system.database(service);
                Statement sql = db.createStatement();
                ResultSet size = sql.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            return size.getLong(1) / (1024 * 1024);
        }
    }
}
