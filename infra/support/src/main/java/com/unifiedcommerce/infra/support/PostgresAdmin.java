package com.unifiedcommerce.infra.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates the roles and databases the services need, as a PostgreSQL superuser. */
public final class PostgresAdmin {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    public PostgresAdmin(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Opens a connection to the maintenance database; fails fast when the server does not answer. */
    public Connection connect() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl("postgres"), props);
    }

    public boolean answers() {
        try (Connection c = connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The role (with this password) and a database it owns, created when missing. Safe to call
     * concurrently: losing a race to create the same object counts as success.
     */
    public void ensureDatabase(String database, String owner, String ownerPassword) throws SQLException {
        checkIdentifier(database);
        checkIdentifier(owner);
        try (Connection c = connect()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", owner)) {
                executeTolerating(
                        c,
                        "CREATE ROLE " + owner + " LOGIN PASSWORD '" + ownerPassword.replace("'", "''") + "'",
                        DUPLICATE_OBJECT);
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                executeTolerating(c, "CREATE DATABASE " + database + " OWNER " + owner, DUPLICATE_DATABASE);
            }
        }
    }

    /** Drops a database even while connections are still open (PostgreSQL 13 and later). */
    public void dropDatabase(String database) throws SQLException {
        checkIdentifier(database);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void executeTolerating(Connection c, String sql, String duplicateState) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            // Another process created it between our check and our statement: that is what we wanted.
            if (!duplicateState.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static void checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case PostgreSQL identifier: " + name);
        }
    }
}
