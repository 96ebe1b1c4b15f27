package com.unifiedcommerce.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the working directory (the module's or the root). */
final class Repository {

    private Repository() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("k8s/base"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no k8s/base above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
