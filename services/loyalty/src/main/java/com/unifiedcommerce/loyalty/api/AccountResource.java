package com.unifiedcommerce.loyalty.api;

import java.time.Instant;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.loyalty.app.Adjustments;
import com.unifiedcommerce.loyalty.domain.Programme;
import com.unifiedcommerce.loyalty.domain.Tier;
import com.unifiedcommerce.loyalty.domain.TierPolicy;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * A customer's points account: its balance and held points, its ledger entries, and the back
 * office's corrections. A customer sees only their own account (another's does not exist).
 */
@Path("/api/loyalty/accounts/{customerId}")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class AccountResource {

    static final String CUSTOMER_ID = "^[A-Za-z0-9._:-]{1,64}$";
    static final String CUSTOMER_ID_MESSAGE = "must be 1 to 64 of letters, digits, '.', '_', ':' or '-'";

    /**
     * The account as the customer sees it. {@code canRedeem} is false while the balance is below
     * zero (a return took back points already spent) or nothing is available.
     */
    public record SummaryView(
            String customerId,
            long balance,
            long held,
            long available,
            boolean canRedeem,
            String tier,
            Money qualifyingSpend,
            String nextTier,
            Money toNextTier,
            long expiringSoon,
            Instant expiringBefore) {}

    public record EntryPage(List<Ledger.Entry> items, int page, int size, long total) {}

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Ledger ledger;

    @Inject
    Programme programme;

    @Inject
    Adjustments adjustments;

    @Inject
    CurrentCaller caller;

    @GET
    public Uni<SummaryView> get(
            @PathParam("customerId") @Pattern(regexp = CUSTOMER_ID, message = CUSTOMER_ID_MESSAGE) String customerId) {
        Access.require(Access.toCustomer(caller.get(), customerId), "Loyalty account of " + customerId);
        Instant now = Instant.now();
        return sessions.withSession(session ->
                        ledger.overview(session, customerId, programme.spendSince(now), programme.soonCutoff(now)))
                .map(found -> summary(
                        found.orElseThrow(() -> ProblemException.notFound("Loyalty account of " + customerId)), now));
    }

    private SummaryView summary(Ledger.Overview account, Instant now) {
        TierPolicy tiers = programme.tiers();
        long spend = account.qualifyingSpend();
        long available = account.balance() - account.held();
        return new SummaryView(
                account.customerId(),
                account.balance(),
                account.held(),
                available,
                account.balance() > 0 && available > 0,
                account.tier(),
                new Money(spend, programme.currency()),
                tiers.next(spend).map(Tier::name).orElse(null),
                new Money(tiers.toNext(spend), programme.currency()),
                Programme.expirable(
                        account.creditedUpToCutoff(), account.debitedEver(), account.balance(), account.held()),
                now.plus(programme.expiringSoon()));
    }

    @GET
    @Path("/entries")
    public Uni<EntryPage> entries(
            @PathParam("customerId") @Pattern(regexp = CUSTOMER_ID, message = CUSTOMER_ID_MESSAGE) String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        Access.require(Access.toCustomer(caller.get(), customerId), "Loyalty account of " + customerId);
        return sessions.withSession(session -> ledger.summary(session, customerId)
                .invoke(summary ->
                        summary.orElseThrow(() -> ProblemException.notFound("Loyalty account of " + customerId)))
                .chain(summary -> ledger.countEntries(session, customerId))
                .chain(total -> ledger.entries(session, customerId, page, size)
                        .map(items -> new EntryPage(items, page, size, total))));
    }

    /**
     * Adds (credit from the program's adjustments account) or takes away points; taking away
     * more than is available (balance less held) is refused with 409. The account is opened if
     * the customer has none yet. With an Idempotency-Key, a repeat corrects once.
     */
    @POST
    @Path("/adjustments")
    @RolesAllowed(Caller.ADMIN)
    public Uni<Response> adjust(
            @PathParam("customerId") @Pattern(regexp = CUSTOMER_ID, message = CUSTOMER_ID_MESSAGE) String customerId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull Adjustments.AdjustmentRequest request) {
        return adjustments.adjust(caller.get(), customerId, key, request).map(Answers::http);
    }
}
