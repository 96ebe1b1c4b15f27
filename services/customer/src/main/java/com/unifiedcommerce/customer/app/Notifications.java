package com.unifiedcommerce.customer.app;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.customers.NotificationSent;
import com.unifiedcommerce.customer.client.EmailSender;
import com.unifiedcommerce.customer.client.Locations;
import com.unifiedcommerce.customer.client.OrderNotices;
import com.unifiedcommerce.customer.client.PushMessages;
import com.unifiedcommerce.customer.client.TextMessages;
import com.unifiedcommerce.customer.domain.ChannelChoice;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Masking;
import com.unifiedcommerce.customer.domain.NotificationKind;
import com.unifiedcommerce.customer.domain.QuietHours;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
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
    @RestClient
    OrderNotices orders;

    @Inject
    @RestClient
    Locations locations;

    @Inject
    Engine templates;

    @ConfigProperty(name = "customer.notifications.lease", defaultValue = "PT1M")
    Duration lease;

    @ConfigProperty(name = "customer.notifications.max-attempts", defaultValue = "20")
    int maxAttempts;

    @ConfigProperty(name = "customer.notifications.first-back-off", defaultValue = "PT1S")
    Duration firstBackOff;

    @ConfigProperty(name = "customer.notifications.max-back-off", defaultValue = "PT5M")
    Duration maxBackOff;

    @ConfigProperty(name = "customer.notifications.quiet-hours", defaultValue = "21:00-08:00")
    String quietWindow;

    /** The stores' time zone: quiet hours and the times written in messages. */
    @ConfigProperty(name = "customer.notifications.zone", defaultValue = "Europe/Paris")
    ZoneId zone;

    @ConfigProperty(name = "customer.notifications.default-language", defaultValue = "en")
    String defaultLanguage;

    @ConfigProperty(name = "customer.notifications.batch", defaultValue = "20")
    int batch;

    private QuietHours quietHours;

    /** Read once; a malformed window stops the start instead of failing every message. */
    @PostConstruct
    void settings() {
        quietHours = QuietHours.parse(quietWindow, zone);
    }

    /** This instance, as the owner of the leases it takes. */
    private final String instance = UUID.randomUUID().toString();

    /** What to do with one claimed message. */
    sealed interface Decision permits Skip, Defer, Send {}

    record Skip(String reason) implements Decision {}

    record Defer(Instant until) implements Decision {}

    record Send(ContactChannel channel, String to, String subject, String text, String language) implements Decision {}

    /** One refund line as a message shows it: the tender (CARD, GIFT_CARD, CASH...) and the amount, formatted. */
    @TemplateData
    public record RefundLine(TenderType tender, String amount) {}

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
        Decision decision;
        try {
            decision = decide(notification, now);
            if (decision instanceof Send send) {
                deliver(id, notification.getString("customerId"), send);
            }
        } catch (RuntimeException e) {
            retryLater(notification, e, now);
            return;
        }
        Date at = new Date();
        Bson outcome = switch (decision) {
            case Skip skip ->
                Updates.combine(
                        Updates.set("status", NotificationStore.SKIPPED),
                        Updates.set("reason", skip.reason()),
                        Updates.set("decidedAt", at),
                        Updates.set("announced", false));
            case Defer defer ->
                Updates.combine(
                        Updates.set("status", NotificationStore.PENDING),
                        Updates.set("dueAt", Date.from(defer.until())),
                        Updates.set("reason", "quiet hours"),
                        Updates.inc("attempts", -1));
            case Send send ->
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
        if (decision instanceof Send) {
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

    /** Skip, wait for the end of quiet hours, or the message to send. */
    Decision decide(Document notification, Instant now) {
        NotificationKind kind = NotificationKind.valueOf(notification.getString("kind"));
        Document profile =
                profiles.current(notification.getString("customerId")).orElse(null);
        if (profile == null) {
            return new Skip("no profile");
        }
        String customerId = profile.getString("_id");
        if (!"ACTIVE".equals(profile.getString("status"))) {
            return new Skip("customer " + profile.getString("status").toLowerCase(Locale.ROOT));
        }
        List<String> emails = profile.getList("emails", String.class, List.of());
        List<String> phones = profile.getList("phones", String.class, List.of());
        Set<ContactChannel> reachable = EnumSet.noneOf(ContactChannel.class);
        if (!emails.isEmpty()) {
            reachable.add(ContactChannel.EMAIL);
        }
        if (!phones.isEmpty()) {
            reachable.add(ContactChannel.SMS);
        }
        if (profile.getString("keycloakUserId") != null) {
            reachable.add(ContactChannel.PUSH);
        }
        String preferred = profile.getString("preferredChannel");
        ChannelChoice.Choice choice = ChannelChoice.choose(
                preferred == null ? null : ContactChannel.valueOf(preferred), consents(profile), reachable);
        if (!choice.sends()) {
            return new Skip(choice.skipped());
        }
        Optional<Instant> quiet = quietHours.deferral(choice.channel(), now);
        if (quiet.isPresent()) {
            return new Defer(quiet.get());
        }
        String language = language(profile);
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", profile.getString("firstName") == null ? "" : profile.getString("firstName"));
        model.put("subjectId", notification.getString("subjectId"));
        Document facts = notification.get("facts", Document.class);
        Optional<String> notWaiting = facts(kind, notification.getString("subjectId"), facts, language, model);
        if (notWaiting.isPresent()) {
            return new Skip(notWaiting.get());
        }
        Template template = templates.getTemplate(kind.template(language));
        if (template == null) {
            throw new IllegalStateException("no template " + kind.template(language));
        }
        String subject = render(template, "subject", model).strip();
        String text = render(template, choice.channel() == ContactChannel.EMAIL ? "body" : "short", model)
                .strip();
        String to = switch (choice.channel()) {
            case EMAIL -> emails.get(0);
            case SMS -> phones.get(0);
            default -> customerId;
        };
        return new Send(choice.channel(), to, subject, text, language);
    }

    /** What the message says besides the name; a reason to skip when the order stopped waiting. */
    private Optional<String> facts(
            NotificationKind kind, String subjectId, Document facts, String language, Map<String, Object> model) {
        Locale locale = Locale.forLanguageTag(language);
        switch (kind) {
            case READY_FOR_PICKUP, PICKUP_REMINDER -> {
                OrderNotices.PickupNotice notice;
                try {
                    notice = orders.pickupNotice(subjectId);
                } catch (WebApplicationException e) {
                    if (e.getResponse().getStatus() == 404) {
                        return Optional.of("order not found");
                    }
                    throw e;
                }
                if (!notice.waiting()) {
                    return Optional.of("order no longer waiting for pickup (" + notice.status() + ")");
                }
                Locations.Location store = store(notice.locationId());
                model.put("store", store.name());
                model.put("storeAddress", store.address() == null ? "" : store.address());
                model.put(
                        "deadline",
                        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                                .withLocale(locale)
                                .withZone(zone)
                                .format(notice.pickupDeadline()));
                model.put("code", notice.code());
            }
            case POINTS_EXPIRING -> {
                model.put("points", facts.getLong("points"));
                model.put(
                        "expiresBy",
                        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                                .withLocale(locale)
                                .withZone(zone)
                                .format(facts.getDate("expiresBy").toInstant()));
            }
            case SHIPPED -> {
                model.put("carrier", facts.getString("carrier") == null ? "" : facts.getString("carrier"));
                model.put("tracking", facts.getString("tracking") == null ? "" : facts.getString("tracking"));
            }
            case RETURN_ACCEPTED -> {
                List<RefundLine> refunds = new ArrayList<>();
                for (Document refund : facts.getList("refunds", Document.class, List.of())) {
                    refunds.add(new RefundLine(
                            TenderType.valueOf(refund.getString("tender")),
                            money(refund.getLong("amount"), refund.getString("currency"), locale)));
                }
                model.put("refunds", refunds);
                model.put("pointsBack", facts.getLong("pointsRefunded"));
                model.put("pointsTaken", facts.getLong("pointsReversed"));
                String store = facts.getString("locationId");
                model.put("store", store == null ? "" : store(store).name());
            }
            default -> {}
        }
        return Optional.empty();
    }

    /** The store as inventory knows it (name and postal address); its id alone if inventory does not. */
    private Locations.Location store(String locationId) {
        try {
            Locations.Location location = locations.location(locationId);
            return location.name() == null
                    ? new Locations.Location(locationId, locationId, location.type(), location.address())
                    : location;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return new Locations.Location(locationId, locationId, null, null);
            }
            throw e;
        }
    }

    private void deliver(String id, String customerId, Send send) {
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
            Optional<Document> profile = profiles.current(notification.getString("customerId"));
            if (profile.isPresent()) {
                String customerId = profile.get().getString("_id");
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

    private String language(Document profile) {
        String language = profile.getString("language");
        return language == null ? defaultLanguage : language;
    }

    private static Map<ContactChannel, Boolean> consents(Document profile) {
        Map<ContactChannel, Boolean> consents = new EnumMap<>(ContactChannel.class);
        Document stored = profile.get("consents", Document.class);
        if (stored != null) {
            stored.forEach((channel, value) ->
                    consents.put(ContactChannel.valueOf(channel), ((Document) value).getBoolean("granted", false)));
        }
        return consents;
    }

    private static String render(Template template, String fragment, Map<String, Object> model) {
        var instance = template.getFragment(fragment).instance();
        model.forEach(instance::data);
        return instance.render();
    }

    private static String masked(ContactChannel channel, String to) {
        return switch (channel) {
            case EMAIL -> Masking.email(to);
            case SMS -> Masking.phone(to);
            default -> to;
        };
    }

    /** Minor units as the customer reads money: 12,34 € in French, €12.34 in English. */
    static String money(long minor, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(unit);
        return format.format(BigDecimal.valueOf(minor, unit.getDefaultFractionDigits()));
    }
}
