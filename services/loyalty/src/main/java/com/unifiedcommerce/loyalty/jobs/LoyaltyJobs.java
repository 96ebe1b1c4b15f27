package com.unifiedcommerce.loyalty.jobs;

import java.time.Instant;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.loyalty.PointsExpired;
import com.unifiedcommerce.contracts.loyalty.PointsExpiring;
import com.unifiedcommerce.loyalty.domain.Programme;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.PointHolds;
import com.unifiedcommerce.platform.jobs.ScheduledRun;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The clocks of the ledger, each safe on any number of replicas (rows are claimed with
 * SKIP LOCKED in the transaction that changes them): holds nobody captured in time give their
 * points back; points older than the programme allows expire, oldest first, never the held ones;
 * customers whose points will expire soon are warned once per window.
 */
@ApplicationScoped
public class LoyaltyJobs {

    public static final String ACTOR = "loyalty-jobs";

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    PointHolds holds;

    @Inject
    Ledger ledger;

    @Inject
    Outbox outbox;

    @Inject
    Programme programme;

    @ConfigProperty(name = "loyalty.jobs.batch", defaultValue = "200")
    int batch;

    @Scheduled(
            every = "${loyalty.hold-expiry.every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireHoldsOnSchedule() {
        return ScheduledRun.tryAgainLater(expireHolds(), "Expiring point holds");
    }

    @Scheduled(
            every = "${loyalty.expiry.every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expirePointsOnSchedule() {
        return ScheduledRun.tryAgainLater(expirePoints(Instant.now()), "Expiring points");
    }

    @Scheduled(
            every = "${loyalty.expiry-warning.every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> warnExpiringOnSchedule() {
        return ScheduledRun.tryAgainLater(warnExpiring(Instant.now()), "Warning of expiring points");
    }

    /**
     * Warns every customer whose points will expire within the programme's "soon" window
     * (PointsExpiring, through the outbox, in the transaction that records the warning), at most
     * once per window per account, so the customer hears once per batch of expiring points;
     * emits how many were warned.
     */
    public Uni<Integer> warnExpiring(Instant now) {
        return warnFrom("", now);
    }

    private Uni<Integer> warnFrom(String afterId, Instant now) {
        Instant cutoff = programme.soonCutoff(now);
        Instant warnedBefore = now.minus(programme.expiringSoon());
        Instant expiresBy = now.plus(programme.expiringSoon());
        return sessions.withTransaction(session -> ledger.lockForExpiryWarning(
                                session, afterId, cutoff, warnedBefore, batch)
                        .chain(accounts -> {
                            int[] warned = {0};
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Ledger.Overview account : accounts) {
                                long points = Programme.expirable(
                                        account.creditedUpToCutoff(),
                                        account.debitedEver(),
                                        account.balance(),
                                        account.held());
                                if (points <= 0) {
                                    continue;
                                }
                                warned[0]++;
                                chain = chain.chain(() -> ledger.markExpiryWarned(session, account.customerId(), now)
                                        .chain(() -> outbox.append(
                                                session,
                                                account.customerId(),
                                                new PointsExpiring(account.customerId(), points, expiresBy)))
                                        .replaceWithVoid());
                            }
                            return chain.map(nothing -> new Warned(accounts, warned[0]));
                        }))
                .chain(done -> done.accounts().size() < batch
                        ? Uni.createFrom().item(done.warned())
                        : warnFrom(
                                        Ledger.customerAccount(
                                                done.accounts().getLast().customerId()),
                                        now)
                                .map(more -> done.warned() + more));
    }

    private record Warned(List<Ledger.Overview> accounts, int warned) {}

    /** Expires every hold past its deadline, batch after batch; emits how many. */
    public Uni<Integer> expireHolds() {
        return sessions.withTransaction(session -> holds.expireDue(session, batch))
                .chain(expired -> expired < batch
                        ? Uni.createFrom().item(expired)
                        : expireHolds().map(more -> expired + more));
    }

    /** Expires what is due at {@code now} in every account, walking the accounts in id order; emits the points expired. */
    public Uni<Long> expirePoints(Instant now) {
        return expireFrom("", programme.expiryCutoff(now));
    }

    private Uni<Long> expireFrom(String afterId, Instant cutoff) {
        return sessions.withTransaction(session -> ledger.lockForExpiry(session, afterId, cutoff, batch)
                        .chain(accounts ->
                                expireEach(session, accounts, cutoff).map(points -> new Batch(accounts, points))))
                .chain(done -> done.accounts().size() < batch
                        ? Uni.createFrom().item(done.points())
                        : expireFrom(
                                        Ledger.customerAccount(
                                                done.accounts().getLast().customerId()),
                                        cutoff)
                                .map(more -> done.points() + more));
    }

    private record Batch(List<Ledger.Overview> accounts, long points) {}

    private Uni<Long> expireEach(Mutiny.Session session, List<Ledger.Overview> accounts, Instant cutoff) {
        long[] expired = {0};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Ledger.Overview account : accounts) {
            long points = Programme.expirable(
                    account.creditedUpToCutoff(), account.debitedEver(), account.balance(), account.held());
            if (points <= 0) {
                continue;
            }
            String source = "expiry:" + account.customerId() + ":" + cutoff.toEpochMilli();
            chain = chain.chain(() -> ledger.post(
                            session,
                            new Ledger.Transfer(
                                    Ledger.customerAccount(account.customerId()),
                                    "program:expired",
                                    points,
                                    "EXPIRE",
                                    source,
                                    null,
                                    null,
                                    "earned on or before " + cutoff,
                                    ACTOR,
                                    true))
                    .chain(posted -> {
                        if (posted.transferId() == null) {
                            return Uni.createFrom().voidItem();
                        }
                        expired[0] += points;
                        return outbox.append(
                                        session,
                                        account.customerId(),
                                        new PointsExpired(account.customerId(), points, source, posted.debitBalance()))
                                .replaceWithVoid();
                    }));
        }
        return chain.map(nothing -> expired[0]);
    }
}
