package com.unifiedcommerce.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;

import com.unifiedcommerce.platform.security.Access.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules as a table: each kind of caller against a resource of customer A and store 1. */
class AccessTest {

    private static final Caller ALICE = new Caller("u-alice", Set.of("customer"), "cus-a", null);
    private static final Caller BOB = new Caller("u-bob", Set.of("customer"), "cus-b", null);
    private static final Caller NEW_PERSON = new Caller("u-new", Set.of(), null, null);
    private static final Caller ADA_STORE_1 = new Caller("u-ada", Set.of("associate"), null, "store-1");
    private static final Caller BEN_STORE_2 = new Caller("u-ben", Set.of("associate"), null, "store-2");
    private static final Caller MARIA_MANAGER_1 =
            new Caller("u-maria", Set.of("manager", "associate"), null, "store-1");
    private static final Caller ASSOCIATE_WITHOUT_STORE = new Caller("u-x", Set.of("associate"), null, null);
    private static final Caller ROOT = new Caller("u-root", Set.of("admin"), null, null);
    private static final Caller ORDER_SERVICE = new Caller("service-account-order", Set.of("service"), null, null);

    static Stream<Arguments> table() {
        return Stream.of(
                //            caller,                  customer A,          at store 1,         manage store 1,     back
                // office
                Arguments.of(ALICE, Decision.ALLOW, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN),
                Arguments.of(BOB, Decision.NOT_FOUND, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN),
                Arguments.of(
                        NEW_PERSON, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN),
                Arguments.of(ADA_STORE_1, Decision.FORBIDDEN, Decision.ALLOW, Decision.FORBIDDEN, Decision.FORBIDDEN),
                Arguments.of(
                        BEN_STORE_2, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN, Decision.FORBIDDEN),
                Arguments.of(MARIA_MANAGER_1, Decision.FORBIDDEN, Decision.ALLOW, Decision.ALLOW, Decision.FORBIDDEN),
                Arguments.of(
                        ASSOCIATE_WITHOUT_STORE,
                        Decision.FORBIDDEN,
                        Decision.FORBIDDEN,
                        Decision.FORBIDDEN,
                        Decision.FORBIDDEN),
                Arguments.of(ROOT, Decision.ALLOW, Decision.ALLOW, Decision.ALLOW, Decision.ALLOW),
                Arguments.of(ORDER_SERVICE, Decision.ALLOW, Decision.ALLOW, Decision.FORBIDDEN, Decision.FORBIDDEN));
    }

    @ParameterizedTest
    @MethodSource("table")
    void eachCallerGetsWhatTheRulesSay(
            Caller caller, Decision customerA, Decision atStore1, Decision manageStore1, Decision backOffice) {
        assertEquals(customerA, Access.toCustomer(caller, "cus-a"), "customer A");
        assertEquals(atStore1, Access.atStore(caller, "store-1"), "at store 1");
        assertEquals(manageStore1, Access.managingStore(caller, "store-1"), "managing store 1");
        assertEquals(backOffice, Access.backOffice(caller), "back office");
    }

    @Test
    void storeStaffAdminAndServicesReadOperationalDataOfAnyStore() {
        for (Caller caller : new Caller[] {ADA_STORE_1, BEN_STORE_2, MARIA_MANAGER_1, ROOT, ORDER_SERVICE}) {
            assertEquals(Decision.ALLOW, Access.staff(caller), caller.subject());
        }
        for (Caller caller : new Caller[] {ALICE, BOB, NEW_PERSON}) {
            assertEquals(Decision.FORBIDDEN, Access.staff(caller), caller.subject());
        }
    }

    @Test
    void onlyAPersonWithoutProfileOrStaffRoleMustSignUpFirst() {
        assertTrue(NEW_PERSON.needsSignUp());
        assertFalse(ALICE.needsSignUp());
        assertFalse(ADA_STORE_1.needsSignUp());
        assertFalse(ROOT.needsSignUp());
        assertFalse(ORDER_SERVICE.needsSignUp());
    }
}
