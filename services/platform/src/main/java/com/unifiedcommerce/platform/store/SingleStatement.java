package com.unifiedcommerce.platform.store;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A write that is one SQL statement, run outside a transaction block. PostgreSQL runs such a
 * statement as a transaction of its own: all of it or none of it, committed (and flushed) before
 * the answer comes back, exactly as inside {@code BEGIN ... COMMIT}, but without those two round
 * trips. The work may read after its write (each read sees what is committed, as a new transaction
 * would); it must not write twice: two writes that belong together need
 * {@code sessions.withTransaction}.
 */
public final class SingleStatement {

    private SingleStatement() {}

    public static <T> Uni<T> write(Mutiny.SessionFactory sessions, Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withSession(work);
    }
}
