package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.unifiedcommerce.infra.support.ProjectRoot;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walkthrough the README points client developers to, {@code scripts/demo.sh}, run as they
 * would run it: a separate process with curl and real tokens, against this running system's
 * gateway and Keycloak. It checks every answer itself and exits non-zero at the first surprise;
 * its output is kept in {@code target/demo.log}.
 */
@ExtendWith(SystemExtension.class)
class DemoScriptTest {

    @Test
    void theWalkthroughRunsGreenAgainstTheRunningSystem(RunningSystem system) throws IOException, InterruptedException {
        Path root = ProjectRoot.find();
        Path log = root.resolve("integration-tests/target/demo.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", root.resolve("scripts/demo.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("GATEWAY_URL", system.gatewayUrl());
        builder.environment().put("KEYCLOAK_URL", system.keycloakUrl());
        Process demo = builder.start();

        boolean finished = demo.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the demo did not finish in 3 minutes:\n" + output);
        assertEquals(0, demo.exitValue(), "the demo failed:\n" + output);
        assertTrue(output.contains("demo complete"), output);
    }
}
