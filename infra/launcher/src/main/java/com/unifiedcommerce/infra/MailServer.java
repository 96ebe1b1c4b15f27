package com.unifiedcommerce.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Starts {@link MailServerMain} as a child JVM, so it can be stopped or killed on its own. */
final class MailServer extends ProcessComponent {

    private final Path workDir;
    private final Path logs;
    private final int smtpPort;
    private final int imapPort;

    MailServer(Path workDir, Path logs, int smtpPort, int imapPort) {
        this.workDir = workDir;
        this.logs = logs;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    @Override
    public String name() {
        return "mail";
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }

    @Override
    public void start() throws Exception {
        Ports.requireFree("The mail server (SMTP)", smtpPort);
        Ports.requireFree("The mail server (IMAP)", imapPort);
        process = new ChildProcess(
                "mail",
                List.of(
                        ChildProcess.java(),
                        "-Xmx128m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        MongoWireServer.absoluteClassPath(),
                        MailServerMain.class.getName(),
                        Integer.toString(smtpPort),
                        Integer.toString(imapPort)),
                Map.of(),
                workDir,
                logs.resolve("mail.log"));
        process.start();
        Ports.await(
                "mail server (log " + process.log() + ")",
                Duration.ofSeconds(30),
                () -> Ports.isOpen("127.0.0.1", smtpPort) && Ports.isOpen("127.0.0.1", imapPort),
                process::isAlive);
    }
}
