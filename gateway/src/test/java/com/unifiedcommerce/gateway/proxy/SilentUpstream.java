package com.unifiedcommerce.gateway.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A service that has hung: it accepts connections and never answers. The loyalty route points at
 * it; the other services point at a port where nothing listens (a service that is down).
 */
public class SilentUpstream implements QuarkusTestResourceLifecycleManager {

    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            int closed;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = probe.getLocalPort();
            }
            Thread acceptor = new Thread(this::accept, "silent-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
            String down = "http://127.0.0.1:" + closed;
            return Map.of(
                    "gateway.upstream.loyalty", "http://127.0.0.1:" + server.getLocalPort(),
                    "gateway.upstream.inventory", down,
                    "gateway.upstream.order", down,
                    "gateway.upstream.returns", down,
                    "gateway.upstream.customer", down);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the silent upstream", e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    @Override
    public void stop() {
        try {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the silent upstream", e);
        }
    }
}
