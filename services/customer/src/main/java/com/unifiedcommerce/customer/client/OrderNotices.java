package com.unifiedcommerce.customer.client;

import java.time.Instant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The order ledger's service-only answer about a pickup: where and until when the order waits,
 * and its code while it does. Blocking, called from the notification sender's worker thread; the
 * code goes into the message and nowhere else (never stored, never logged).
 */
@RegisterRestClient(configKey = "order")
@OidcClientFilter
@Path("/api/orders")
public interface OrderNotices {

    record PickupNotice(
            String orderId, String customerId, String status, String locationId, Instant pickupDeadline, String code) {

        public boolean waiting() {
            return "READY_FOR_PICKUP".equals(status) && code != null;
        }
    }

    @GET
    @Path("/{id}/pickup-notice")
    PickupNotice pickupNotice(@PathParam("id") String orderId);
}
