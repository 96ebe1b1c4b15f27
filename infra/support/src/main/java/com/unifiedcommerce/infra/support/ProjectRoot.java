package com.unifiedcommerce.infra.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding mvnw and .mvn) from wherever a build or test runs. */
public final class ProjectRoot {

    private ProjectRoot() {}

    public static Path find() {
        String explicit = System.getProperty("commerce.root", System.getenv("COMMERCE_ROOT"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No project root (a folder with mvnw and .mvn) above "
                + Path.of("").toAbsolutePath() + "; set COMMERCE_ROOT");
    }
}
