package com.unifiedcommerce.customer.app;

import java.util.List;
import java.util.Map;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.customer.client.ContactSender;
import com.unifiedcommerce.customer.domain.ContactChannel;

/** What clients send to the customer service; identities are normalised and checked by the service. */
public final class CustomerRequests {

    private CustomerRequests() {}

    public static final String ID = "^[A-Za-z0-9._:-]{1,64}$";
    public static final String NAME = "^[\\p{L}\\p{M}' .-]{1,80}$";
    public static final String NAME_MESSAGE = "must be 1 to 80 letters, spaces, apostrophes, dots or hyphens";
    /** The languages messages are written in (notifications); others read English. */
    public static final String LANGUAGE = "^(en|fr)$";

    public static final String LANGUAGE_MESSAGE = "must be en or fr";

    /**
     * A sign-up (the token's person; the login email comes from the token) or, by an associate, an
     * enrolment at the counter (a profile without a login, for the associate's store).
     */
    public record Registration(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String firstName,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String lastName,
            @Size(max = 254) String email,
            @Size(max = 3) List<@NotBlank @Size(max = 30) String> phones,

            @Pattern(regexp = ID, message = "must be a POS customer id")
            String posId,

            @NotNull Channel channel,
            @Valid Map<ContactChannel, @NotNull Boolean> consents,

            @Pattern(regexp = ID, message = "must be a location id")
            String preferredStore,

            ContactChannel preferredChannel,

            @Pattern(regexp = LANGUAGE, message = LANGUAGE_MESSAGE)
            String language) {}

    public record Address(
            @NotBlank @Size(max = 40) String label,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Size(max = 100) String city,

            @NotNull @Pattern(regexp = "^[A-Z]{2}$", message = "must be an ISO 3166 country code such as FR")
            String country) {}

    /** A change to one's profile: only what is given changes; lists replace the whole list. */
    public record Change(
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String firstName,
            @Pattern(regexp = NAME, message = NAME_MESSAGE) String lastName,
            @Size(max = 3) List<@NotBlank @Size(max = 30) String> phones,
            @Size(max = 5) List<@Valid @NotNull Address> addresses,
            Map<ContactChannel, @NotNull Boolean> consents,
            Channel channel,

            @Pattern(regexp = ID, message = "must be a location id")
            String preferredStore,

            ContactChannel preferredChannel,

            @Pattern(regexp = LANGUAGE, message = LANGUAGE_MESSAGE)
            String language) {}

    /** Exactly one identity to look a customer up by. */
    public record Resolve(
            @Size(max = 254) String email,
            @Size(max = 30) String phone,
            @Size(max = 30) String card) {}

    /** The profile to fold into this one, and the proof its owner agrees (admin needs none). */
    public record Merge(
            @NotNull @Pattern(regexp = ID, message = "must be a customer id")
            String customerId,

            @Pattern(regexp = PROOF, message = "must be the proof a confirmed code gave")
            String proof) {}

    public static final String PROOF = "^[0-9a-f-]{36}$";

    /** Where to send a code: EMAIL or SMS; the first email (else the first phone) by default. */
    public record Verify(ContactSender.Via via) {}

    public record Confirm(
            @NotBlank @Pattern(regexp = "^[0-9]{6}$", message = "must be the six digits received")
            String code) {}

    /** Spending a proof (the order service, on a counter sale spending points). */
    public record Spend(
            @NotNull @Pattern(regexp = ID, message = "must be a location id")
            String storeId,

            @NotBlank @Size(max = 200) String cause) {}
}
