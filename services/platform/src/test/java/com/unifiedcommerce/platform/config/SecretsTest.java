package com.unifiedcommerce.platform.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** A secret that is not given stops the start, naming the variable to set; a given one passes. */
class SecretsTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    @Test
    void aSecretWhoseVariableIsNotSetStopsTheStartNamingTheVariable() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> Secrets.check(config(Map.of("commerce.secrets.client", "${NO_SUCH_CLIENT_SECRET_SET}"))));
        assertTrue(refused.getMessage().contains("set NO_SUCH_CLIENT_SECRET_SET"), refused.getMessage());
        assertTrue(refused.getMessage().contains("commerce.secrets.client"), refused.getMessage());
    }

    @Test
    void aBlankSecretIsRefusedAndAGivenOnePasses() {
        assertThrows(IllegalStateException.class, () -> Secrets.check(config(Map.of("commerce.secrets.client", " "))));
        assertDoesNotThrow(() -> Secrets.check(config(Map.of("commerce.secrets.client", "s3cret", "other", "x"))));
    }
}
