package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy a test owns, in front of a server the test must not touch (the machine's shared
 * PostgreSQL): {@link #cut()} drops every connection through it and refuses new ones, as a
 * database failing over would look to the service; {@link #restore()} lets connections through
 * again. The server itself never notices anything but clients going away.
 */
public final class TcpProxy implements AutoCloseable {

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(run -> {
        Thread thread = new Thread(run, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean cut;

    public TcpProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    /** Where clients connect instead of the server. */
    public int port() {
        return server.getLocalPort();
    }

    /** Every connection through the proxy breaks now, and new ones are refused until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            reset(socket);
        }
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return; // the proxy was closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket(host, port);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException unreachable) {
                reset(client); // the server itself is unreachable: so is the proxy
            }
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        threads.submit(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // a connection ends this way when either side (or cut()) closes it
            } finally {
                reset(from);
                reset(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    /** Closes abruptly (RST), as a broken network does. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to break
        }
    }
}
