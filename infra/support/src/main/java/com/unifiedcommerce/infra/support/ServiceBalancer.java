package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a Kubernetes Service is to the pods behind it, on one machine: a TCP port that spreads
 * connections over the instances of one service, round robin over those whose
 * {@code /q/health/ready} answers 200 (probed every second), skipping an instance that refuses a
 * connection. The services call each other through it (order calls {@code localhost:8081} and
 * reaches one of the inventory instances); the gateway balances requests itself and does not use it.
 *
 * <p>Run as a program by {@code scripts/run.sh --replicas N}:
 * {@code ServiceBalancer inventory=8081:127.0.0.1:18101,127.0.0.1:18201 order=8082:...}; the
 * integration tests create one per service.
 */
public final class ServiceBalancer implements AutoCloseable {

    private final String name;
    private final ServerSocket server;
    private final List<InetSocketAddress> instances;
    private final boolean[] ready;
    private final AtomicInteger turn = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final HttpClient probes =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private volatile boolean closed;

    public ServiceBalancer(String name, int port, List<InetSocketAddress> instances) throws IOException {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException(name + ": no instance to balance over");
        }
        this.name = name;
        this.instances = List.copyOf(instances);
        this.ready = new boolean[instances.size()];
        java.util.Arrays.fill(ready, true);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        Thread.ofVirtual().name(name + "-balancer").start(this::accept);
        Thread.ofVirtual().name(name + "-probe").start(this::probe);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    log("stopped accepting: " + e);
                }
                return;
            }
        }
    }

    /** The instances in the order to try: ready ones from the next in turn, then the others. */
    private List<Integer> order() {
        int start = Math.floorMod(turn.getAndIncrement(), instances.size());
        List<Integer> first = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            int index = (start + i) % instances.size();
            (ready[index] ? first : last).add(index);
        }
        first.addAll(last);
        return first;
    }

    private void serve(Socket client) {
        Socket upstream = null;
        for (int index : order()) {
            Socket candidate = new Socket();
            try {
                candidate.connect(instances.get(index), 500);
                upstream = candidate;
                break;
            } catch (IOException refused) {
                closeQuietly(candidate);
                mark(index, false, "refused a connection");
            }
        }
        if (upstream == null) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        Socket server = upstream;
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // Only a latency tweak; the connection works without it.
        }
        CountDownLatch done = new CountDownLatch(2);
        Thread.ofVirtual().start(() -> pump(client, server, done));
        Thread.ofVirtual().start(() -> pump(server, client, done));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            open.remove(server);
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Copies one direction until it ends, then ends the other side's writing so it can finish too. */
    private static void pump(Socket from, Socket to, CountDownLatch done) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException broken) {
            // One side went away (an instance killed, a client gone): end both.
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            done.countDown();
        }
    }

    private void probe() {
        while (!closed) {
            for (int i = 0; i < instances.size(); i++) {
                InetSocketAddress address = instances.get(i);
                boolean up;
                String why;
                try {
                    HttpResponse<Void> response = probes.send(
                            HttpRequest.newBuilder(URI.create("http://" + address.getHostString() + ":"
                                            + address.getPort() + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    up = response.statusCode() == 200;
                    why = "readiness answered " + response.statusCode();
                } catch (IOException e) {
                    up = false;
                    why = "readiness failed: " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                mark(i, up, why);
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void mark(int index, boolean up, String why) {
        if (ready[index] != up) {
            ready[index] = up;
            log(instances.get(index) + (up ? " is ready again" : " is left aside: " + why));
        }
    }

    private void log(String message) {
        System.out.println(
                "[balancer " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "] " + name + ": " + message);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Closing a socket that is already broken has nothing left to do.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException alreadyClosed) {
            // Nothing left to release.
        }
        open.forEach(ServiceBalancer::closeQuietly);
        probes.close();
    }

    /**
     * {@code name=listenPort:host:port,host:port ...}: one balancer per argument, until the process
     * is stopped.
     */
    public static void main(String[] args) throws Exception {
        List<ServiceBalancer> balancers = new ArrayList<>();
        for (String arg : args) {
            String[] nameAndRest = arg.split("=", 2);
            String[] portAndInstances = nameAndRest[1].split(":", 2);
            List<InetSocketAddress> instances = new ArrayList<>();
            for (String instance : portAndInstances[1].split(",")) {
                int colon = instance.lastIndexOf(':');
                instances.add(new InetSocketAddress(
                        instance.substring(0, colon), Integer.parseInt(instance.substring(colon + 1))));
            }
            balancers.add(new ServiceBalancer(nameAndRest[0], Integer.parseInt(portAndInstances[0]), instances));
            System.out.println(
                    "[balancer] " + nameAndRest[0] + " on port " + portAndInstances[0] + " over " + instances);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> balancers.forEach(ServiceBalancer::close)));
        new CountDownLatch(1).await();
    }
}
