package com.unifiedcommerce.infra;

import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The embedded mail server (GreenMail), run in a JVM of its own: {@code <smtp port> <imap port>}.
 * It accepts mail for any address over SMTP and keeps it in memory, one mailbox per recipient,
 * readable over IMAP with the address as login (any password: authentication is off, so a reader
 * is never refused and mistaken for an empty mailbox): what a developer or a test reads to
 * see what customers were sent. Not for production: there, SMTP_HOST names the retailer's relay.
 */
public final class MailServerMain {

    private MailServerMain() {}

    public static void main(String[] args) throws Exception {
        int smtp = Integer.parseInt(args[0]);
        int imap = Integer.parseInt(args[1]);
        GreenMail server = new GreenMail(new ServerSetup[] {
                    new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
                })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        server.start();
        System.out.println("Mail server: SMTP on 127.0.0.1:" + smtp + ", IMAP on 127.0.0.1:" + imap);
        stopped.await();
    }
}
