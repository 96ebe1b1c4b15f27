package com.unifiedcommerce.it.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The entry point tests use: runs one chaos run and gives its findings. */
public final class ChaosRunner {

    private ChaosRunner() {}

    public static List<String> run(Duration length, int replicas, double rate, int customers, Path out)
            throws Exception {
        return ChaosRun.run(new ChaosRun.Settings(length, replicas, rate, customers, out))
                .findings();
    }
}
