package com.unifiedcommerce.customer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Profile;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;

/**
 * A {@link Profile} as a document of the {@code customers} collection, field by field. The one
 * place that knows the stored field names: the stores read and insert profiles through it, and
 * the guarded updates name the same fields ({@link Fields}). Fields the record does not carry
 * (the in-document outbox) are left to {@link ProfileOutbox}.
 */
public final class ProfileCodec implements Codec<Profile> {

    /** The stored names the updates use. */
    public static final class Fields {
        public static final String STATUS = "status";
        public static final String FIRST_NAME = "firstName";
        public static final String LAST_NAME = "lastName";
        public static final String EMAILS = "emails";
        public static final String PHONES = "phones";
        public static final String CARDS = "cards";
        public static final String POS_IDS = "posIds";
        public static final String ADDRESSES = "addresses";
        public static final String CONSENTS = "consents";
        public static final String PREFERRED_STORE = "preferredStore";
        public static final String PREFERRED_CHANNEL = "preferredChannel";
        public static final String LANGUAGE = "language";
        public static final String TIER = "tier";
        public static final String MERGED_INTO = "mergedInto";
        public static final String MERGED_IDS = "mergedIds";
        public static final String MERGES = "merges";
        public static final String ERASED_AT = "erasedAt";

        private Fields() {}
    }

    private final DocumentCodec documents = new DocumentCodec();

    @Override
    public Class<Profile> getEncoderClass() {
        return Profile.class;
    }

    @Override
    public void encode(BsonWriter writer, Profile profile, EncoderContext context) {
        documents.encode(writer, document(profile), context);
    }

    @Override
    public Profile decode(BsonReader reader, DecoderContext context) {
        return profile(documents.decode(reader, context));
    }

    /** The profile as the document it is stored as (without outbox). */
    public static Document document(Profile p) {
        Document consents = new Document();
        p.consents().forEach((channel, consent) -> consents.append(channel.name(), consent(consent)));
        return new Document("_id", p.id())
                .append(Fields.STATUS, p.status().name())
                .append("guest", p.guest())
                .append(Fields.FIRST_NAME, p.firstName())
                .append(Fields.LAST_NAME, p.lastName())
                .append(Fields.EMAILS, p.emails())
                .append(Fields.PHONES, p.phones())
                .append(Fields.CARDS, p.cards())
                .append(Fields.POS_IDS, p.posIds())
                .append(
                        Fields.ADDRESSES,
                        p.addresses().stream().map(ProfileCodec::address).toList())
                .append(Fields.CONSENTS, consents)
                .append(Fields.PREFERRED_STORE, p.preferredStore())
                .append(
                        Fields.PREFERRED_CHANNEL,
                        p.preferredChannel() == null
                                ? null
                                : p.preferredChannel().name())
                .append(Fields.LANGUAGE, p.language())
                .append(Fields.TIER, p.tier())
                .append("registeredChannel", p.registeredChannel())
                .append("registeredAt", p.registeredAt())
                .append("keycloakUserId", p.keycloakUserId())
                .append("enrolmentHash", p.enrolmentHash())
                .append(Fields.MERGED_INTO, p.mergedInto())
                .append(Fields.MERGED_IDS, p.mergedIds())
                .append(
                        Fields.MERGES,
                        p.merges().stream().map(ProfileCodec::merge).toList())
                .append("createdAt", date(p.createdAt()))
                .append("updatedAt", date(p.updatedAt()));
    }

    /** The stored document as a profile; fields a profile of an older shape lacks read as empty. */
    public static Profile profile(Document d) {
        Map<ContactChannel, Profile.Consent> consents = new EnumMap<>(ContactChannel.class);
        Document stored = d.get(Fields.CONSENTS, Document.class);
        if (stored != null) {
            stored.forEach(
                    (channel, value) -> consents.put(ContactChannel.valueOf(channel), consent((Document) value)));
        }
        String preferred = d.getString(Fields.PREFERRED_CHANNEL);
        return new Profile(
                d.getString("_id"),
                Profile.Status.valueOf(d.getString(Fields.STATUS)),
                d.getBoolean("guest", false),
                d.getString(Fields.FIRST_NAME),
                d.getString(Fields.LAST_NAME),
                strings(d, Fields.EMAILS),
                strings(d, Fields.PHONES),
                strings(d, Fields.CARDS),
                strings(d, Fields.POS_IDS),
                d.getList(Fields.ADDRESSES, Document.class, List.of()).stream()
                        .map(ProfileCodec::address)
                        .toList(),
                consents,
                d.getString(Fields.PREFERRED_STORE),
                preferred == null ? null : ContactChannel.valueOf(preferred),
                d.getString(Fields.LANGUAGE),
                d.getString(Fields.TIER),
                d.getString("registeredChannel"),
                d.getString("registeredAt"),
                d.getString("keycloakUserId"),
                d.getString("enrolmentHash"),
                d.getString(Fields.MERGED_INTO),
                strings(d, Fields.MERGED_IDS),
                d.getList(Fields.MERGES, Document.class, List.of()).stream()
                        .map(ProfileCodec::merge)
                        .toList(),
                instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")));
    }

    public static Document consent(Profile.Consent c) {
        return new Document("granted", c.granted())
                .append("at", date(c.at()))
                .append("channel", c.channel())
                .append("locationId", c.locationId());
    }

    public static Document address(Profile.Address a) {
        return new Document("label", a.label())
                .append("line1", a.line1())
                .append("line2", a.line2())
                .append("postalCode", a.postalCode())
                .append("city", a.city())
                .append("country", a.country());
    }

    public static Document merge(Profile.Merge m) {
        Document moved = new Document();
        m.moved().forEach(moved::append);
        return new Document("mergedId", m.mergedId())
                .append("by", m.by())
                .append("at", date(m.at()))
                .append("moved", moved);
    }

    private static Profile.Consent consent(Document c) {
        return new Profile.Consent(
                c.getBoolean("granted", false),
                instant(c.getDate("at")),
                c.getString("channel"),
                c.getString("locationId"));
    }

    private static Profile.Address address(Document a) {
        return new Profile.Address(
                a.getString("label"),
                a.getString("line1"),
                a.getString("line2"),
                a.getString("postalCode"),
                a.getString("city"),
                a.getString("country"));
    }

    private static Profile.Merge merge(Document m) {
        Map<String, List<String>> moved = new LinkedHashMap<>();
        Document stored = m.get("moved", Document.class);
        if (stored != null) {
            stored.keySet().forEach(kind -> moved.put(kind, strings(stored, kind)));
        }
        return new Profile.Merge(m.getString("mergedId"), m.getString("by"), instant(m.getDate("at")), moved);
    }

    private static List<String> strings(Document d, String field) {
        return new ArrayList<>(d.getList(field, String.class, List.of()));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
