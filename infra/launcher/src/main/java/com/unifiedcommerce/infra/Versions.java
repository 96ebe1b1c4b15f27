package com.unifiedcommerce.infra;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of what the launcher runs from disk, filled in from the root pom.xml at build time. */
final class Versions {

    static final String KAFKA;
    static final String KEYCLOAK;

    static {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/infra-versions.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new ExceptionInInitializerError("infra-versions.properties is missing from the launcher jar");
        }
        KAFKA = p.getProperty("kafka");
        KEYCLOAK = p.getProperty("keycloak");
    }

    private Versions() {}
}
