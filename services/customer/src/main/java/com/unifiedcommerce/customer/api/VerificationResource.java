package com.unifiedcommerce.customer.api;

import java.util.List;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.customer.app.CustomerRequests;
import com.unifiedcommerce.customer.app.Verifications;
import com.unifiedcommerce.customer.client.RecordedContacts;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Proving a customer is present: a code sent to an identity on file, read back; the proof then
 * lets the store fold the customer's counter profile into another, or spend their points at the
 * counter. The messages sent are recorded (no provider is connected here) and readable by admin.
 */
@Path("/api/customers/{id}")
@Authenticated
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class VerificationResource {

    static final String ID = CustomerResource.ID;
    static final String ID_MESSAGE = CustomerResource.ID_MESSAGE;

    @Inject
    Verifications verifications;

    @Inject
    RecordedContacts contacts;

    @Inject
    CurrentCaller caller;

    /** 201: a code was sent (to the identity named, masked); it lives ten minutes. */
    @POST
    @Path("/verifications")
    public Response start(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid CustomerRequests.Verify verify) {
        Caller who = caller.get();
        Idempotency.requireSaneKey(key);
        if (who.has(Caller.SERVICE)) {
            Access.require(Access.Decision.FORBIDDEN, "Customer " + id);
        }
        return Response.status(201)
                .entity(verifications.start(who, id, verify == null ? null : verify.via(), key))
                .build();
    }

    /** The code read back: the proof (valid fifteen minutes); 422 with the tries left when it is wrong. */
    @POST
    @Path("/verifications/{verification}/confirm")
    public Verifications.Proof confirm(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @PathParam("verification") @Pattern(regexp = CustomerRequests.PROOF, message = "must be a verification id")
                    String verification,
            @Valid @NotNull CustomerRequests.Confirm confirm) {
        return verifications.confirm(caller.get(), id, verification, confirm.code());
    }

    /** The order service spends a proof on a counter sale (204); 403 when it does not fit. */
    @POST
    @Path("/verifications/{verification}/spend")
    public Response spend(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @PathParam("verification") @Pattern(regexp = CustomerRequests.PROOF, message = "must be a verification id")
                    String verification,
            @Valid @NotNull CustomerRequests.Spend spend) {
        Caller who = caller.get();
        Access.require(who.has(Caller.SERVICE) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN, "Customer " + id);
        verifications.spend(verification, id, spend.storeId(), null, spend.cause());
        return Response.noContent().build();
    }

    /** The messages recorded for the customer, newest first (admin: what a provider would have delivered). */
    @GET
    @Path("/contacts")
    public List<RecordedContacts.Sent> contacts(
            @PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        Access.require(Access.backOffice(caller.get()), "Customer " + id);
        return contacts.sentTo(id, 20);
    }
}
