package com.unifiedcommerce.platform.config;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.StreamSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A service's secrets fail closed: each is a setting {@code commerce.secrets.<name>} whose value
 * names an environment variable ({@code ${ORDER_CLIENT_SECRET}}), with defaults in the dev and
 * test profiles only. Started without one, the service stops with a message naming the setting
 * and the variable, instead of running with a value anyone could know. The settings that use a
 * secret read it from there ({@code quarkus.oidc-client.credentials.secret=${commerce.secrets.client}}).
 */
@ApplicationScoped
public class Secrets {

    static final String PREFIX = "commerce.secrets.";

    void check(@Observes StartupEvent start) {
        check(ConfigProvider.getConfig());
    }

    static void check(Config config) {
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(PREFIX))
                .sorted()
                .forEach(name -> {
                    Optional<String> value;
                    try {
                        value = config.getOptionalValue(name, String.class);
                    } catch (NoSuchElementException unset) {
                        value = Optional.empty();
                    }
                    if (value.isEmpty() || value.get().isBlank()) {
                        throw new MissingSecret(
                                name, config.getConfigValue(name).getRawValue());
                    }
                });
    }

    /** Stops the start, naming the setting and the environment variable it reads. */
    static final class MissingSecret extends IllegalStateException {
        MissingSecret(String setting, String raw) {
            super("The secret " + setting + " is not set: set " + variable(raw)
                    + " (a service does not start without its secrets outside dev and test)");
        }

        /** {@code ORDER_CLIENT_SECRET} out of {@code ${ORDER_CLIENT_SECRET}}; the raw value otherwise. */
        private static String variable(String raw) {
            if (raw == null) {
                return "it";
            }
            java.util.regex.Matcher named =
                    java.util.regex.Pattern.compile("\\$\\{([^:}]+)").matcher(raw);
            return named.find() ? named.group(1) : "it";
        }
    }
}
