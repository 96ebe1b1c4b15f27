package com.unifiedcommerce.it.system;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link RunningSystem}, started once for the whole test run (the first test that
 * asks starts it) and stopped when JUnit finishes.
 */
public class SystemExtension implements ParameterResolver {

    /**
     * The gateway's rate limit is raised for the suite: journeys send many requests as one user.
     * The limit itself is checked in the gateway's own tests.
     */
    private static final Map<String, String> GATEWAY_SETTINGS =
            Map.of("GATEWAY_RATE_LIMIT_BURST", "5000", "GATEWAY_RATE_LIMIT_PER_SECOND", "5000");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        Holder.class, key -> new Holder(RunningSystem.start(GATEWAY_SETTINGS)), Holder.class)
                .system();
    }

    /** Closed by JUnit with the root context, after the last test. */
    private record Holder(RunningSystem system) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            system.close();
        }
    }
}
