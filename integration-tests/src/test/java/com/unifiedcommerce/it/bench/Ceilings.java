package com.unifiedcommerce.it.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.infra.support.PostgresAdmin;

/**
 * What PostgreSQL alone commits on this machine, in the same run as the services' figures: the
 * ceilings the services are compared with. Each commit is one guarded increment of a stock-shaped
 * row and one insert, over JDBC from {@code clients} connections, fsync on (the server's own
 * settings, as the services get them).
 *
 * <ul>
 *   <li>spread: the increment hits one of {@link #ROWS} rows at random, and the insert is a hold's
 *       size (the ceiling for holds spread over many SKUs);
 *   <li>one row: every increment hits the same row (the ceiling for one hot SKU);
 *   <li>checkout: spread, with an order-sized JSON document inserted (the ceiling for a checkout).
 * </ul>
 */
public final class Ceilings {

    static final int ROWS = 1_000;

    private static final String HOLD = "{\"lines\":[{\"sku\":\"BENCH-1\",\"quantity\":1}]}";
    private static final String ORDER = "{\"lines\":[{\"lineId\":\"l1\",\"sku\":\"BENCH-1\",\"name\":\"Bench 1\","
            + "\"quantity\":1,\"unitPrice\":2599,\"total\":2599,\"points\":0,\"paid\":2599,\"returnable\":true}],"
            + "\"tenders\":[{\"type\":\"CARD\",\"amount\":2599,\"reference\":\"psp-bench\"}]}";

    private final PostgresAdmin admin;
    private final int clients;
    private final int seconds;

    public Ceilings(PostgresAdmin admin, int clients, int seconds) {
        this.admin = admin;
        this.clients = clients;
        this.seconds = seconds;
    }

    public LoadRun.Result spread() throws Exception {
        return run(ROWS, HOLD);
    }

    public LoadRun.Result oneRow() throws Exception {
        return run(1, HOLD);
    }

    public LoadRun.Result checkout() throws Exception {
        return run(ROWS, ORDER);
    }

    private LoadRun.Result run(int rows, String document) throws Exception {
        String database = "bench_ceiling_" + Long.toHexString(System.nanoTime());
        admin.ensureDatabase(database, "orders", "orders");
        String url = admin.jdbcUrl(database);
        try (Connection connection = DriverManager.getConnection(url, "orders", "orders");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE stock (sku text PRIMARY KEY, on_hand integer NOT NULL,"
                    + " reserved integer NOT NULL)");
            statement.execute("INSERT INTO stock SELECT 'SKU-' || n, 1000000000, 0 FROM generate_series(0, "
                    + (rows - 1) + ") n");
            statement.execute("CREATE TABLE record (id uuid PRIMARY KEY, body jsonb NOT NULL,"
                    + " at timestamptz NOT NULL DEFAULT now())");
        }
        try {
            return LoadRun.measure(clients, seconds, client -> {
                Connection connection = DriverManager.getConnection(url, "orders", "orders");
                connection.setAutoCommit(false);
                PreparedStatement take = connection.prepareStatement(
                        "UPDATE stock SET reserved = reserved + 1 WHERE sku = ? AND on_hand - reserved >= 1");
                PreparedStatement record =
                        connection.prepareStatement("INSERT INTO record (id, body) VALUES (?, CAST(? AS jsonb))");
                return new LoadRun.Work() {
                    @Override
                    public boolean call() throws Exception {
                        take.setString(1, "SKU-" + ThreadLocalRandom.current().nextInt(rows));
                        boolean ok = take.executeUpdate() == 1;
                        record.setObject(1, UUID.randomUUID());
                        record.setString(2, document);
                        record.executeUpdate();
                        connection.commit();
                        return ok;
                    }

                    @Override
                    public void close() throws Exception {
                        connection.close();
                    }
                };
            });
        } finally {
            admin.dropDatabase(database);
        }
    }
}
