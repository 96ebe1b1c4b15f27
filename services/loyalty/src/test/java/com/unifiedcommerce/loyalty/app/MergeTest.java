package com.unifiedcommerce.loyalty.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.loyalty.LoyaltyScenes;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A folded customer's points move to the survivor once, however often the merge is delivered. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class MergeTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Test
    void theFoldedBalanceMovesOnceEvenWhenTheMergeArrivesTwiceOrIsAnnouncedAgain() {
        LoyaltyScenes scenes = new LoyaltyScenes(keycloak, kafka);
        String guest = "cus-guest-" + runId;
        String web = "cus-web-" + runId;
        scenes.adjust(guest, 120);
        scenes.adjust(web, 30);
        // Earned at the counter on a picked-up sale: 25.00 paid earns 25 points.
        scenes.publish(
                "ord-merge-" + runId,
                LoyaltyScenes.pickedUp("ord-merge-" + runId, guest, LoyaltyScenes.line("l1", 1, 2_500, 0)));
        Eventually.equal(145L, () -> scenes.balance(guest));

        UUID event = UUID.randomUUID();
        CustomersMerged merged = new CustomersMerged(web, guest);
        scenes.publish(web, merged, event);
        scenes.publish(web, merged, event);
        scenes.publish(web, merged);
        Eventually.equal(175L, () -> scenes.balance(web));
        Eventually.equal(0L, () -> scenes.balance(guest));
        // A later return of the counter sale takes the points back from the survivor.
        scenes.publish(
                "ret-merge-" + runId,
                LoyaltyScenes.returned("ret-merge-" + runId, "ord-merge-" + runId, guest, java.util.Map.of("l1", 1)));
        Eventually.equal(150L, () -> scenes.balance(web));
        assertEquals(0L, scenes.balance(guest));
    }

    /**
     * Points held for a checkout in flight move with the folded balance: the order placed later
     * redeems them from the survivor, and neither account goes below zero.
     */
    @Test
    void pointsHeldWhenTheProfileIsFoldedAreRedeemedFromTheSurvivor() {
        LoyaltyScenes scenes = new LoyaltyScenes(keycloak, kafka);
        String guest = "cus-held-guest-" + runId;
        String web = "cus-held-web-" + runId;
        String order = "ord-held-" + runId;
        scenes.adjust(guest, 100);
        scenes.adjust(web, 10);
        scenes.hold(guest, order, 80).then().statusCode(201);
        scenes.publish(web, new CustomersMerged(web, guest));
        Eventually.equal(110L, () -> scenes.balance(web));
        Eventually.equal(80, () -> ((Number) scenes.account(web).get("held")).intValue());
        assertEquals(0, ((Number) scenes.account(guest).get("held")).intValue());
        // The order was placed for the guest before the merge; its points come off the survivor.
        scenes.publish(order, LoyaltyScenes.placed(order, guest, 80));
        Eventually.equal(30L, () -> scenes.balance(web));
        assertEquals(0L, scenes.balance(guest));
        assertEquals(0, ((Number) scenes.account(web).get("held")).intValue());
    }

    /**
     * The merge is applied before the guest ever had an account (a counter sale for them was not
     * picked up yet): when the pickup arrives later, its points land on the survivor, not on a
     * guest account nobody can reach any more.
     */
    @Test
    void anEarnThatArrivesAfterTheMergeLandsOnTheSurvivor() {
        LoyaltyScenes scenes = new LoyaltyScenes(keycloak, kafka);
        String guest = "cus-late-guest-" + runId;
        String marker = "cus-late-marker-" + runId;
        String web = "cus-late-web-" + runId;
        String order = "ord-late-" + runId;
        scenes.adjust(web, 10);
        scenes.adjust(marker, 5);
        // Same key, same partition: once the marker's points arrived, the guest's merge was applied.
        scenes.publish(web, new CustomersMerged(web, guest));
        scenes.publish(web, new CustomersMerged(web, marker));
        Eventually.equal(15L, () -> scenes.balance(web));

        scenes.publish(order, LoyaltyScenes.pickedUp(order, guest, LoyaltyScenes.line("l1", 1, 2_500, 0)));
        Eventually.equal(40L, () -> scenes.balance(web));
        long guestBalance = scenes.balance(guest);
        assertEquals(true, guestBalance == 0L || guestBalance == Long.MIN_VALUE, "guest balance " + guestBalance);
    }
}
