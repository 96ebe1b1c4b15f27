package com.unifiedcommerce.customer.app;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.unifiedcommerce.platform.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The development realm's demo customers (alice, bob) have profiles from the first start: their
 * sign-ins carry {@code customer_id} already, so without a profile they could neither see nor use
 * one. Loaded when {@code customer.seed.demo} is on (scripts/run.sh and the end-to-end suite);
 * creating an existing profile changes nothing, so every replica may run it.
 */
@ApplicationScoped
public class DemoCustomers {

    private static final Logger LOG = Logger.getLogger(DemoCustomers.class);

    record Demo(String id, String firstName, String lastName, String email) {}

    static final List<Demo> DEMO = List.of(
            new Demo("cus-alice", "Alice", "Archer", "alice@example.com"),
            new Demo("cus-bob", "Bob", "Baker", "bob@example.com"));

    @Inject
    Registrations registrations;

    @ConfigProperty(name = "customer.seed.demo", defaultValue = "false")
    boolean seed;

    void onStart(@Observes StartupEvent start) {
        if (!seed) {
            return;
        }
        for (Demo demo : DEMO) {
            try {
                if (registrations.seed(demo.id(), demo.firstName(), demo.lastName(), demo.email())) {
                    LOG.infof("Demo customer %s has a profile now", demo.id());
                }
            } catch (ProblemException refused) {
                LOG.warnf("Demo customer %s was not created: %s", demo.id(), refused.getMessage());
            }
        }
    }
}
