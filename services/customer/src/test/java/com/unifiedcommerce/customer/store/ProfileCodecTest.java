package com.unifiedcommerce.customer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Profile;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {

    // BSON dates keep milliseconds.
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Profile full() {
        return new Profile(
                "cus-1",
                Profile.Status.ACTIVE,
                true,
                "Lea",
                "Martin",
                List.of("lea@example.com"),
                List.of("+33612345678"),
                List.of("771234567895"),
                List.of("pos-7"),
                List.of(new Profile.Address("home", "1 rue de Rivoli", null, "75001", "Paris", "FR")),
                Map.of(
                        ContactChannel.EMAIL, new Profile.Consent(true, AT, "STORE", "store-001"),
                        ContactChannel.SMS, new Profile.Consent(false, AT, "WEB", null)),
                "store-001",
                ContactChannel.SMS,
                "fr",
                "GOLD",
                "STORE",
                "store-001",
                null,
                "hash",
                null,
                List.of("cus-0"),
                List.of(new Profile.Merge("cus-0", "associate", AT, Map.of("phones", List.of("+33611111111")))),
                AT,
                AT);
    }

    @Test
    void aProfileReadsBackAsItWasWrittenThroughTheDriversCodecInterface() {
        ProfileCodec codec = new ProfileCodec();
        BsonDocument stored = new BsonDocument();
        codec.encode(
                new BsonDocumentWriter(stored), full(), EncoderContext.builder().build());
        assertEquals("cus-1", stored.getString("_id").getValue());
        assertEquals("ACTIVE", stored.getString("status").getValue());
        assertTrue(stored.getDocument("consents")
                .getDocument("EMAIL")
                .getBoolean("granted")
                .getValue());

        Profile read = codec.decode(
                new BsonDocumentReader(stored), DecoderContext.builder().build());
        assertEquals(full(), read);
    }

    @Test
    void aProfileOfAnOlderShapeReadsItsMissingListsAsEmpty() {
        Profile read = ProfileCodec.profile(new Document("_id", "cus-2").append("status", "ERASED"));
        assertEquals(Profile.Status.ERASED, read.status());
        assertEquals(List.of(), read.emails());
        assertEquals(Map.of(), read.consents());
        assertNull(read.preferredChannel());
        assertTrue(read.identityKeys().isEmpty());
    }

    @Test
    void theIdentityKeysAreEveryIdentityTheProfileHolds() {
        assertEquals(
                List.of("email:lea@example.com", "phone:+33612345678", "card:771234567895", "pos:pos-7"),
                full().identityKeys());
    }
}
