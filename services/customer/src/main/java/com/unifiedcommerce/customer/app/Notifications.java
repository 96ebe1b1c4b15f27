package com.unifiedcommerce.customer.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.customers.NotificationSent;
import com.unifiedcommerce.customer.client.EmailSender;
import com.unifiedcommerce.customer.client.PushMessages;
import com.unifiedcommerce.customer.client.TextMessages;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Masking;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the messages {@code NotificationEvents} recorded, each at most once per cause in normal
 * operation, whatever the number of replicas:
 *
 * <ul>
 *   <li>an instance claims a due message for a lease (one atomic update), so no two instances
 *       send it together;
 *   <li>it picks the channel from the profile as it is now (preferred and consented, else the
 *       next consented; none is recorded as skipped with the reason), writes the message in the
 *       customer's language, and sends it;
 *   <li>it records the outcome while it still holds the lease; a message it delivered is recorded
 *       SENT even after the lease lapsed and while MongoDB is away (see {@link #recordSent}); a
 *       failure to send (the mail
 *       server down, the order ledger unreachable) puts the message back with a growing delay, so
 *       a mail server that is down delays messages and loses none; after {@code max-attempts} it
 *       is recorded FAILED.
 * </ul>
 *
 * <p>The one duplicate left: an instance that dies after the mail server accepted a message and
 * before recording it sends it again once its lease lapses (at least once, never lost). Both
 * copies carry the same Message-ID, so mail programs show one. Every decided message is then
 * announced (NotificationSent, through the profile's outbox, with an event id made from the
 * message's id and outcome, so announcing twice is one event for every consumer).
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    @Inject
    NotificationStore store;

    @Inject
    Profiles profiles;

    @Inject
    ProfileOutbox outbox;

    @Inject
    EmailSender email;

    @Inject
    TextMessages texts;

    @Inject
    PushMessages pushes;

    @Inject
    Messages messages;

    @ConfigProperty(name = "customer.notifications.lease", defaultValue = "PT1M")
    Duration lease;

    @ConfigProperty(name = "customer.notifications.max-attempts", defaultValue = "20")
    int maxAttempts;

    @ConfigProperty(name = "customer.notifications.first-back-off", defaultValue = "PT1S")
    Duration firstBackOff;

    @ConfigProperty(name = "customer.notifications.max-back-off", defaultValue = "PT5M")
    Duration maxBackOff;

    @ConfigProperty(name = "customer.notifications.batch", defaultValue = "20")
    int batch;

    /** This instance, as the owner of the leases it takes. */
    private final String instance = UUID.randomUUID().toString();

    /** Sends what is due now, up to one batch; emits how many messages were decided or put back. */
    public int sendDue() {
        int handled = 0;
        for (; handled < batch; handled++) {
            Instant now = Instant.now();
            Optional<Document> claimed = store.claimNext(instance, now, lease);
            if (claimed.isEmpty()) {
                break;
            }
            handle(claimed.get(), now);
        }
        return handled;
    }

    void handle(Document notification, Instant now) {
        String id = notification.getString("_id");
        Messages.Decision decision;
        try {
            decision = messages.decide(notification, now);
            if (decision instanceof Messages.Send send) {
                deliver(id, notification.getString("customerId"), send);
            }
        } catch (RuntimeException e) {
            retryLater(notification, e, now);
            return;
        }
        Date at = new Date();
        Bson outcome = switch (decision) {
            case Messages.Skip skip ->
                Updates.combine(
                        Updates.set("status", NotificationStore.SKIPPED),
                        Updates.set("reason", skip.reason()),
                        Updates.set("decidedAt", at),
                        Updates.set("announced", false));
            case Messages.Defer defer ->
                Updates.combine(
                        Updates.set("status", NotificationStore.PENDING),
                        Updates.set("dueAt", Date.from(defer.until())),
                        Updates.set("reason", "quiet hours"),
                        Updates.inc("attempts", -1));
            case Messages.Send send ->
                Updates.combine(
                        Updates.set("status", NotificationStore.SENT),
                        Updates.set("channel", send.channel().name()),
                        Updates.set("to", masked(send.channel(), send.to())),
                        Updates.set("subject", send.subject()),
                        Updates.set("language", send.language()),
                        Updates.set("sentAt", at),
                        Updates.set("decidedAt", at),
                        Updates.unset("reason"),
                        Updates.set("announced", false));
        };
        if (decision instanceof Messages.Send) {
            // Delivered: recorded whatever it takes (MongoDB restarting), or the message would stay
            // SENDING, be taken over once its lease lapses and be decided again: the chaos run saw
            // ready messages that reached the customer recorded SKIPPED (collected meanwhile).
            untilRecorded(() -> recordSent(id, outcome), lease.multipliedBy(2), Notifications::pause);
        } else if (!store.finish(id, instance, outcome)) {
            LOG.warnf(
                    "Notification %s: its lease lapsed before its outcome was recorded; another instance took it", id);
        }
    }

    /**
     * A delivered message is SENT: under this instance's lease, or, when the lease lapsed (this
     * instance paused or slow) and another instance took the message, over what that one decided.
     */
    private void recordSent(String id, Bson outcome) {
        if (!store.finish(id, instance, outcome) && store.delivered(id, outcome)) {
            LOG.warnf("Notification %s: delivered after its lease lapsed; recorded SENT over another decision", id);
        }
    }

    /**
     * Runs {@code record} until it succeeds, pausing between tries (200 ms, doubling to 5 s); after
     * {@code patience} the last failure is thrown.
     */
    static void untilRecorded(Runnable record, Duration patience, LongConsumer pause) {
        long giveUp = System.nanoTime() + patience.toNanos();
        long wait = 200;
        while (true) {
            try {
                record.run();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
                LOG.warnf("Recording a delivered notification failed (%s); trying again in %d ms", e, wait);
                pause.accept(wait);
                wait = Math.min(wait * 2, 5_000);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a delivered notification", e);
        }
    }

    private void deliver(String id, String customerId, Messages.Send send) {
        switch (send.channel()) {
            case EMAIL -> email.send(id, send.to(), send.subject(), send.text(), send.language());
            case SMS -> texts.text(customerId, send.to(), send.text());
            case PUSH -> pushes.push(customerId, send.subject(), send.text());
            default -> throw new IllegalStateException("no sender for " + send.channel());
        }
    }

    private void retryLater(Document notification, RuntimeException failure, Instant now) {
        String id = notification.getString("_id");
        int attempts = notification.getInteger("attempts", 1);
        String error = failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage());
        Bson change;
        if (attempts >= maxAttempts) {
            LOG.errorf("Notification %s failed for good after %d tries: %s", id, attempts, error);
            Date at = Date.from(now);
            change = Updates.combine(
                    Updates.set("status", NotificationStore.FAILED),
                    Updates.set("reason", "gave up after " + attempts + " tries"),
                    Updates.set("lastError", error),
                    Updates.set("decidedAt", at),
                    Updates.set("announced", false));
        } else {
            Duration wait = backOff(attempts);
            LOG.warnf("Notification %s: try %d failed (%s); next try in %s", id, attempts, error, wait);
            change = Updates.combine(
                    Updates.set("status", NotificationStore.PENDING),
                    Updates.set("dueAt", Date.from(now.plus(wait))),
                    Updates.set("lastError", error));
        }
        store.finish(id, instance, change);
    }

    /** 1 s, 2 s, 4 s... up to the cap. */
    Duration backOff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = firstBackOff.multipliedBy(factor);
        return wait.compareTo(maxBackOff) > 0 ? maxBackOff : wait;
    }

    /**
     * Announces decided messages (NotificationSent on the customer's profile outbox), up to one
     * batch; the event id is the message's, so a repeat after a crash is the same event.
     */
    public int announce() {
        int announced = 0;
        for (Document notification : store.unannounced(batch)) {
            String id = notification.getString("_id");
            Optional<Profile> profile = profiles.current(notification.getString("customerId"));
            if (profile.isPresent()) {
                String customerId = profile.get().id();
                Document event = outbox.event(
                        new NotificationSent(
                                customerId,
                                notification.getString("kind"),
                                notification.getString("subjectId"),
                                notification.getString("causeEventId"),
                                notification.getString("status"),
                                notification.getString("channel"),
                                notification.getString("reason")),
                        customerId,
                        // One event per message and outcome: a repeat is the same event, a SENT
                        // recorded over a SKIPPED (see handle) is a new one.
                        UUID.nameUUIDFromBytes(("NotificationSent|" + id + "|" + notification.getString("status"))
                                .getBytes(StandardCharsets.UTF_8)));
                profiles.update(customerId, null, Updates.set("lastNotifiedAt", new Date()), List.of(event));
            }
            store.markAnnounced(id);
            announced++;
        }
        return announced;
    }

    private static String masked(ContactChannel channel, String to) {
        return switch (channel) {
            case EMAIL -> Masking.email(to);
            case SMS -> Masking.phone(to);
            default -> to;
        };
    }
}
