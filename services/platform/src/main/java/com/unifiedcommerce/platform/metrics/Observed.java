package com.unifiedcommerce.platform.metrics;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/** Runs a call and reports how it ended, for figures that count answers by outcome. */
public final class Observed {

    private Observed() {}

    /**
     * The call's answer, after telling {@code answered} its item or {@code failed} its failure,
     * whether the call threw at once (a rule checked before any I/O) or its Uni failed later.
     */
    public static <T> Uni<T> call(Supplier<Uni<T>> call, Consumer<T> answered, Consumer<Throwable> failed) {
        Uni<T> answer;
        try {
            answer = call.get();
        } catch (RuntimeException refused) {
            failed.accept(refused);
            throw refused;
        }
        return answer.invoke(answered).onFailure().invoke(failed);
    }
}
