package com.unifiedcommerce.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.infra.provider.PaymentProviderMain;

/**
 * Starts the payment-provider simulator ({@link PaymentProviderMain}) as a child JVM. It takes the
 * development API key and webhook secret, the same ones the payment service has in its dev and
 * test profiles; authorisations live seven days, as a card network's typically do.
 */
final class PaymentProvider extends ProcessComponent {

    static final String DEV_API_KEY = "provider-api-dev-secret";
    static final String DEV_WEBHOOK_SECRET = "provider-webhook-dev-secret";

    private final Path workDir;
    private final Path logs;
    private final int port;

    PaymentProvider(Path workDir, Path logs, int port) {
        this.workDir = workDir;
        this.logs = logs;
        this.port = port;
    }

    @Override
    public String name() {
        return "payment-provider";
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void start() throws Exception {
        Ports.requireFree("The payment-provider simulator", port);
        process = new ChildProcess(
                "payment-provider",
                List.of(
                        ChildProcess.java(),
                        "-Xmx96m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        MongoWireServer.absoluteClassPath(),
                        PaymentProviderMain.class.getName(),
                        Integer.toString(port),
                        DEV_API_KEY,
                        DEV_WEBHOOK_SECRET,
                        Duration.ofDays(7).toString()),
                Map.of(),
                workDir,
                logs.resolve("payment-provider.log"));
        process.start();
        Ports.await(
                "payment-provider simulator (log " + process.log() + ")",
                Duration.ofSeconds(30),
                () -> Ports.isOpen("127.0.0.1", port),
                process::isAlive);
    }
}
