package com.unifiedcommerce.customer.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.customer.app.Notifications;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Sends due messages and announces decided ones, every second by default. Safe with replicas:
 * each message is claimed by one instance at a time ({@code Notifications}).
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    @Inject
    Notifications notifications;

    @Scheduled(
            every = "${customer.notifications.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            notifications.sendDue();
            notifications.announce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sending notifications failed; what is due stays due for the next run");
        }
    }
}
