package com.unifiedcommerce.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

final class Ports {

    private Ports() {}

    static boolean isOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails early with a clear message instead of letting a second server die on a taken port. */
    static void requireFree(String what, int port) {
        if (isOpen("127.0.0.1", port)) {
            throw new IllegalStateException(
                    what + " cannot start: port " + port + " is already taken by another process");
        }
    }

    /** Waits until the condition holds, or fails naming what did not become ready and where to look. */
    static void await(String what, Duration limit, BooleanSupplier ready, BooleanSupplier stillRunning) {
        Instant deadline = Instant.now().plus(limit);
        while (!ready.getAsBoolean()) {
            if (!stillRunning.getAsBoolean()) {
                throw new IllegalStateException(what + " exited during start");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " was not ready within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }
}
