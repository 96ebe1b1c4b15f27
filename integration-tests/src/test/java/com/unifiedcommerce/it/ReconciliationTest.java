package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.unifiedcommerce.infra.support.Reconcile;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After every journey of the suite has run on the shared system (retries, refusals, no-shows,
 * returns, exchanges, merges, a hung broker): the reconciliation finds nothing wrong in any ledger,
 * once the events in flight have landed.
 */
@ExtendWith(SystemExtension.class)
@Order(Integer.MAX_VALUE)
class ReconciliationTest {

    @Test
    void afterEveryJourneyTheLedgersReconcileWithoutAViolation(RunningSystem system) throws Exception {
        Reconcile reconcile = new Reconcile(system.gatewayUrl(), system.tokens().user("root"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        List<Reconcile.Check> checks = reconcile.checks();
        while (Reconcile.violations(checks) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000); // consumers and jobs still at work
            checks = reconcile.checks();
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Reconcile.print(checks, new PrintStream(report, true, StandardCharsets.UTF_8));
        System.out.println(report.toString(StandardCharsets.UTF_8));
        assertEquals(0, Reconcile.violations(checks), report.toString(StandardCharsets.UTF_8));
    }
}
