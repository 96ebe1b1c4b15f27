package com.unifiedcommerce.gateway.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

/**
 * The instances of every service and which of them are ready. Requests go round robin over the
 * ready instances; an instance that refuses a connection is taken out at once, and every instance
 * is asked {@code /q/health/ready} at a fixed pace, so one that stopped answering (paused, its
 * database gone) is left aside within a couple of seconds and taken back when it answers again.
 * When no instance of a service is ready, all of them are tried all the same: a wrong health
 * answer must not turn into an outage.
 *
 * <p>No state here needs to agree with another gateway: each one probes for itself.
 */
final class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    /** One instance of a service. */
    static final class Instance {
        private final Upstream service;
        private final SocketAddress address;
        private volatile boolean ready = true;

        Instance(Upstream service, SocketAddress address) {
            this.service = service;
            this.address = address;
        }

        SocketAddress address() {
            return address;
        }

        boolean ready() {
            return ready;
        }

        /** Records what a probe or a request found; logs a change. */
        void ready(boolean now, String why) {
            if (ready != now) {
                ready = now;
                if (now) {
                    LOG.infof("%s at %s is ready again", name(), address);
                } else {
                    LOG.warnf("%s at %s is left aside: %s", name(), address, why);
                }
            }
        }

        String name() {
            return service.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return name() + "@" + address;
        }
    }

    private final Map<Upstream, List<Instance>> instances = new EnumMap<>(Upstream.class);
    private final Map<Upstream, AtomicInteger> turns = new EnumMap<>(Upstream.class);

    Upstreams(Map<Upstream, List<URI>> addresses) {
        for (Upstream service : Upstream.values()) {
            List<URI> uris = addresses.get(service);
            if (uris == null || uris.isEmpty()) {
                throw new IllegalArgumentException("No address for the " + service + " service");
            }
            List<Instance> list = new ArrayList<>();
            for (URI uri : uris) {
                if (uri.getHost() == null || uri.getPort() <= 0) {
                    throw new IllegalArgumentException(
                            "Upstream " + uri + " of the " + service + " service needs a host and a port");
                }
                list.add(new Instance(service, SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost())));
            }
            instances.put(service, List.copyOf(list));
            turns.put(service, new AtomicInteger());
        }
    }

    /**
     * The instances to try for one request, in order: the ready ones starting with the next in
     * turn, then those left aside (a last resort).
     */
    List<Instance> candidates(Upstream service) {
        List<Instance> all = instances.get(service);
        int start = Math.floorMod(turns.get(service).getAndIncrement(), all.size());
        List<Instance> ready = new ArrayList<>(all.size());
        List<Instance> aside = new ArrayList<>(0);
        for (int i = 0; i < all.size(); i++) {
            Instance instance = all.get((start + i) % all.size());
            (instance.ready() ? ready : aside).add(instance);
        }
        ready.addAll(aside);
        return ready;
    }

    /** The instance a single call (API description, overview part) goes to. */
    SocketAddress next(Upstream service) {
        return candidates(service).getFirst().address();
    }

    /** Asks every instance whether it is ready; a 200 within the timeout means yes. */
    void probe(HttpClient client, Duration timeout) {
        for (List<Instance> list : instances.values()) {
            for (Instance instance : list) {
                RequestOptions options = new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setServer(instance.address())
                        .setHost(instance.address().host())
                        .setPort(instance.address().port())
                        .setURI("/q/health/ready")
                        .setIdleTimeout(timeout.toMillis());
                client.request(options)
                        .compose(request -> request.send())
                        .compose(response -> response.body().map(body -> response.statusCode()))
                        .onComplete(done -> instance.ready(
                                done.succeeded() && done.result() == 200,
                                done.succeeded()
                                        ? "readiness answered " + done.result()
                                        : "readiness failed: " + done.cause()));
            }
        }
    }
}
