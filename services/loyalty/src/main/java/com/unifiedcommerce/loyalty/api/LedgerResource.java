package com.unifiedcommerce.loyalty.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** The ledger checked from scratch, for the back office and for monitoring. */
@Path("/api/loyalty/invariants")
public class LedgerResource {

    public record InvariantsView(long sumOfBalances, long accountsOffTheirTransfers, long accounts, boolean hold) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Ledger ledger;

    @GET
    @RolesAllowed(Caller.ADMIN)
    public Uni<InvariantsView> check() {
        return sessions.withSession(session -> ledger.invariants(session))
                .map(i -> new InvariantsView(i.sumOfBalances(), i.accountsOffTheirTransfers(), i.accounts(), i.hold()));
    }
}
