package com.unifiedcommerce.customer.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.customer.app.CustomerRequests;
import com.unifiedcommerce.customer.app.Customers;
import com.unifiedcommerce.customer.app.Merges;
import com.unifiedcommerce.customer.app.Registrations;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.TimelineStore;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * One customer recognised in every channel. MongoDB calls block, so these methods run on worker
 * threads (they return plain values). A customer sees and changes only their own profile; staff
 * resolve and merge, and see the minimal view of others.
 */
@Path("/api/customers")
@Authenticated
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class CustomerResource {

    static final String ID = "^[A-Za-z0-9._:-]{1,64}$";
    static final String ID_MESSAGE = "must be a customer id";

    @Inject
    Customers customers;

    @Inject
    Registrations registrations;

    @Inject
    Merges merges;

    @Inject
    TimelineStore timeline;

    @Inject
    NotificationStore notifications;

    @Inject
    CurrentCaller caller;

    @Inject
    JsonWebToken token;

    @Inject
    ObjectMapper json;

    /**
     * A sign-up (a person whose token has no customer yet; 201, then refresh the token to carry
     * {@code customer_id}) or, by staff, an enrolment at the counter (201; the Idempotency-Key makes
     * the profile id, so a repeat answers 200 with the same profile).
     */
    @POST
    public Response register(
            @HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull CustomerRequests.Registration registration) {
        Caller who = caller.get();
        Registrations.Saved saved;
        if (who.needsSignUp() || unprofiledCustomer(who)) {
            Object email = token.getClaim("email");
            Object verifiedClaim = token.getClaim("email_verified");
            boolean verified = Boolean.TRUE.equals(verifiedClaim) || "true".equals(String.valueOf(verifiedClaim));
            saved = registrations.signUp(who, email == null ? null : email.toString(), verified, registration);
        } else if (Access.staff(who) == Access.Decision.ALLOW && !who.has(Caller.SERVICE)) {
            Idempotency.requireSaneKey(key);
            saved = registrations.enrol(who, key, registration, hash(registration));
        } else if (who.customerId() != null) {
            return Response.ok(CustomerViews.full(customers.profile(who.customerId())))
                    .build();
        } else {
            throw new ProblemException(ProblemType.FORBIDDEN, "Profiles are created by sign-up or at the counter");
        }
        return Response.status(saved.created() ? 201 : 200)
                .entity(CustomerViews.full(saved.profile()))
                .build();
    }

    /** A customer whose sign-in carries a customer id that has no profile yet: they may sign up. */
    private boolean unprofiledCustomer(Caller who) {
        return who.has(Caller.CUSTOMER)
                && who.customerId() != null
                && !who.has(Caller.ASSOCIATE)
                && !who.has(Caller.MANAGER)
                && !who.has(Caller.ADMIN)
                && !customers.exists(who.customerId());
    }

    private String hash(Object request) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("the request cannot be fingerprinted", e);
        }
    }

    @GET
    @Path("/me")
    public CustomerViews.Profile me() {
        Caller who = caller.get();
        if (who.customerId() == null) {
            throw ProblemException.notFound("Your profile (sign up first)");
        }
        return CustomerViews.full(customers.profile(who.customerId()));
    }

    /** The whole profile for its owner, admin and services; the minimal view for store staff. */
    @GET
    @Path("/{id}")
    public Object get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        Caller who = caller.get();
        if (owner(who, id)) {
            return CustomerViews.full(customers.profile(id));
        }
        requireStaff(who, id);
        return CustomerViews.minimal(customers.profile(id));
    }

    @PATCH
    @Path("/{id}")
    public CustomerViews.Profile change(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @Valid @NotNull CustomerRequests.Change change) {
        requireOwner(caller.get(), id);
        return CustomerViews.full(customers.change(caller.get(), id, change));
    }

    /** Email, phone (any spelling) or card to a customer: a minimal view for associates and managers. */
    @POST
    @Path("/resolve")
    public Object resolve(@Valid @NotNull CustomerRequests.Resolve resolve) {
        Caller who = caller.get();
        Access.require(Access.staff(who), "Customers");
        Profile found = customers.resolve(resolve);
        return who.has(Caller.ADMIN) || who.has(Caller.SERVICE)
                ? CustomerViews.full(found)
                : CustomerViews.minimal(found);
    }

    /**
     * Folds a profile without a sign-in into this one, with its owner's consent: admin; the
     * customer themself (this is their profile) with a proof the folded profile's identity received
     * a code; or staff of the store that enrolled the folded profile with such a proof, made there.
     */
    @POST
    @Path("/{id}/merge")
    public CustomerViews.Profile merge(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull CustomerRequests.Merge merge) {
        Caller who = caller.get();
        Idempotency.requireSaneKey(key);
        if (!who.has(Caller.CUSTOMER) || who.has(Caller.ADMIN)) {
            Access.require(Access.staff(who), "Customers");
        }
        return CustomerViews.full(merges.merge(who, id, merge.customerId(), merge.proof()));
    }

    /** Everything the customer did in every channel, newest first. */
    @GET
    @Path("/{id}/timeline")
    public CustomerViews.TimelinePage timeline(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        requireReader(caller.get(), id);
        return new CustomerViews.TimelinePage(
                timeline.page(id, page, size).stream().map(CustomerViews::entry).toList(),
                page,
                size,
                timeline.count(id));
    }

    /**
     * Every message sent to the customer, or deliberately not sent (with the reason), newest first:
     * the customer themself, store staff, admin. What a message said is not kept, only its subject
     * line, channel and masked address.
     */
    @GET
    @Path("/{id}/notifications")
    public CustomerViews.NotificationPage notifications(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        requireReader(caller.get(), id);
        return new CustomerViews.NotificationPage(
                notifications.page(id, page, size).stream()
                        .map(CustomerViews::notification)
                        .toList(),
                page,
                size,
                notifications.count(id));
    }

    /** Erasure on request (the customer, or admin): identities and personal data go, ledger references stay. */
    @POST
    @Path("/{id}/erase")
    public CustomerViews.Profile erase(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        requireOwner(caller.get(), id);
        return CustomerViews.full(customers.erase(id));
    }

    /** The customer themself, admin or a service. */
    private static boolean owner(Caller who, String id) {
        if (who.has(Caller.ADMIN) || who.has(Caller.SERVICE)) {
            return true;
        }
        return who.has(Caller.CUSTOMER) && id.equals(who.customerId());
    }

    /** The customer themself, admin, a service or store staff: who may read a customer's history. */
    private static void requireReader(Caller who, String id) {
        if (!owner(who, id)) {
            requireStaff(who, id);
        }
    }

    /** Store staff; another customer learns nothing, not even that the id exists. */
    private static void requireStaff(Caller who, String id) {
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ADMIN)) {
            throw ProblemException.notFound("Customer " + id);
        }
        Access.require(Access.staff(who), "Customer " + id);
    }

    private static void requireOwner(Caller who, String id) {
        if (!owner(who, id)) {
            Access.require(
                    who.has(Caller.CUSTOMER) ? Access.Decision.NOT_FOUND : Access.Decision.FORBIDDEN, "Customer " + id);
        }
    }
}
