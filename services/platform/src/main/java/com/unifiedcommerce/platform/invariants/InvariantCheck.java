package com.unifiedcommerce.platform.invariants;

import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;

import com.unifiedcommerce.platform.store.Columns;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs a service's invariants in one read-only session, one query each: the number of violating
 * rows and the first {@link #EXAMPLES} of them. Reconciliation and the back office read the
 * report; nothing is changed.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class InvariantCheck {

    static final int EXAMPLES = 10;

    @Inject
    Mutiny.SessionFactory sessions;

    public Uni<InvariantReport> run(String service, List<Invariant> invariants) {
        return sessions.withSession(session -> {
            List<InvariantReport.Result> results = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Invariant invariant : invariants) {
                chain = chain.chain(() -> check(session, invariant).invoke(results::add))
                        .replaceWithVoid();
            }
            return chain.map(done -> InvariantReport.of(service, results));
        });
    }

    private static Uni<InvariantReport.Result> check(Mutiny.Session session, Invariant invariant) {
        return session.createNativeQuery(
                        "SELECT count(*) OVER () AS violations, CAST(v.violation AS text) AS example FROM ("
                                + invariant.violations() + ") AS v(violation) LIMIT " + EXAMPLES,
                        Tuple.class)
                .getResultList()
                .map(Columns.of(Violation.class)::all)
                .map(rows -> new InvariantReport.Result(
                        invariant.name(),
                        invariant.rule(),
                        rows.isEmpty() ? 0 : rows.getFirst().violations(),
                        rows.stream().map(Violation::example).toList()));
    }

    /** One violation found, with how many there are in all. */
    private record Violation(long violations, String example) {}
}
