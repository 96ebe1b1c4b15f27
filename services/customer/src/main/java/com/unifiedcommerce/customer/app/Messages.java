package com.unifiedcommerce.customer.app;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.customer.client.Locations;
import com.unifiedcommerce.customer.client.OrderNotices;
import com.unifiedcommerce.customer.domain.ChannelChoice;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.NotificationKind;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.domain.QuietHours;
import com.unifiedcommerce.customer.store.Profiles;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What a notification says and whether it goes now: the channel chosen from the profile as it is
 * now (preferred and consented, else the next consented), quiet hours, the facts the message needs
 * read from the order ledger and inventory (a pickup no longer waiting is skipped), and the text in
 * the customer's language from the templates. Sending and recording are {@link Notifications}'.
 */
@ApplicationScoped
public class Messages {

    @Inject
    Profiles profiles;

    @Inject
    @RestClient
    OrderNotices orders;

    @Inject
    @RestClient
    Locations locations;

    @Inject
    Engine templates;

    @ConfigProperty(name = "customer.notifications.quiet-hours", defaultValue = "21:00-08:00")
    String quietWindow;

    /** The stores' time zone: quiet hours and the times written in messages. */
    @ConfigProperty(name = "customer.notifications.zone", defaultValue = "Europe/Paris")
    ZoneId zone;

    @ConfigProperty(name = "customer.notifications.default-language", defaultValue = "en")
    String defaultLanguage;

    private QuietHours quietHours;

    /** Read once; a malformed window stops the start instead of failing every message. */
    @PostConstruct
    void settings() {
        quietHours = QuietHours.parse(quietWindow, zone);
    }

    /** What to do with one claimed message. */
    sealed interface Decision permits Skip, Defer, Send {}

    record Skip(String reason) implements Decision {}

    record Defer(Instant until) implements Decision {}

    record Send(ContactChannel channel, String to, String subject, String text, String language) implements Decision {}

    /** One refund line as a message shows it: the tender (CARD, GIFT_CARD, CASH...) and the amount, formatted. */
    @TemplateData
    public record RefundLine(TenderType tender, String amount) {}

    /** Skip, wait for the end of quiet hours, or the message to send. */
    Decision decide(Document notification, Instant now) {
        NotificationKind kind = NotificationKind.valueOf(notification.getString("kind"));
        Profile profile = profiles.current(notification.getString("customerId")).orElse(null);
        if (profile == null) {
            return new Skip("no profile");
        }
        String customerId = profile.id();
        if (!profile.active()) {
            return new Skip("customer " + profile.status().name().toLowerCase(Locale.ROOT));
        }
        List<String> emails = profile.emails();
        List<String> phones = profile.phones();
        Set<ContactChannel> reachable = EnumSet.noneOf(ContactChannel.class);
        if (!emails.isEmpty()) {
            reachable.add(ContactChannel.EMAIL);
        }
        if (!phones.isEmpty()) {
            reachable.add(ContactChannel.SMS);
        }
        if (profile.keycloakUserId() != null) {
            reachable.add(ContactChannel.PUSH);
        }
        ChannelChoice.Choice choice =
                ChannelChoice.choose(profile.preferredChannel(), profile.consentAnswers(), reachable);
        if (!choice.sends()) {
            return new Skip(choice.skipped());
        }
        Optional<Instant> quiet = quietHours.deferral(choice.channel(), now);
        if (quiet.isPresent()) {
            return new Defer(quiet.get());
        }
        String language = language(profile);
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", profile.firstName() == null ? "" : profile.firstName());
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

    private String language(Profile profile) {
        return profile.language() == null ? defaultLanguage : profile.language();
    }

    private static String render(Template template, String fragment, Map<String, Object> model) {
        var instance = template.getFragment(fragment).instance();
        model.forEach(instance::data);
        return instance.render();
    }

    /** Minor units as the customer reads money: 12,34 € in French, €12.34 in English. */
    static String money(long minor, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(unit);
        return format.format(BigDecimal.valueOf(minor, unit.getDefaultFractionDigits()));
    }
}
