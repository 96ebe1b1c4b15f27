package com.unifiedcommerce.platform.security;

import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;

/**
 * The authorisation rules, stated once for every service: a customer owns their resources, an
 * associate or manager acts for their store, admin for all, {@code service} for calls between
 * services. A refusal is 404 where even the existence of another customer's resource must not
 * leak, 403 where the role may never do this.
 */
public final class Access {

    /** The outcome of a rule; {@link #ALLOW} or the status a refusal answers with. */
    public enum Decision {
        ALLOW,
        FORBIDDEN,
        NOT_FOUND
    }

    private Access() {}

    /** Goes on when allowed; otherwise answers 403 or 404 (naming {@code what} only for 404). */
    public static void require(Decision decision, String what) {
        switch (decision) {
            case ALLOW -> {}
            case NOT_FOUND -> throw ProblemException.notFound(what);
            case FORBIDDEN -> throw new ProblemException(ProblemType.FORBIDDEN, "This caller may not do this");
        }
    }

    /** Reading or changing what belongs to one customer (profile, orders, returns, points). */
    public static Decision toCustomer(Caller caller, String customerId) {
        if (caller.has(Caller.ADMIN) || caller.has(Caller.SERVICE)) {
            return Decision.ALLOW;
        }
        if (caller.has(Caller.CUSTOMER) && caller.customerId() != null) {
            return caller.customerId().equals(customerId) ? Decision.ALLOW : Decision.NOT_FOUND;
        }
        return Decision.FORBIDDEN;
    }

    /**
     * Serving a customer at the counter (look-up, pickup, return) at a store: associates and
     * managers of that store, admin, services; a customer never.
     */
    public static Decision atStore(Caller caller, String storeId) {
        if (caller.has(Caller.ADMIN) || caller.has(Caller.SERVICE)) {
            return Decision.ALLOW;
        }
        if (caller.has(Caller.ASSOCIATE) || caller.has(Caller.MANAGER)) {
            return caller.storeId() != null && caller.storeId().equals(storeId) ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        return Decision.FORBIDDEN;
    }

    /** Managing a store (stock adjustments): managers of that store and admin. */
    public static Decision managingStore(Caller caller, String storeId) {
        if (caller.has(Caller.ADMIN)) {
            return Decision.ALLOW;
        }
        if (caller.has(Caller.MANAGER)) {
            return caller.storeId() != null && caller.storeId().equals(storeId) ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        return Decision.FORBIDDEN;
    }

    /**
     * Reading operational data of any store (stock levels, movements): store staff wherever they
     * work, admin, services; customers never.
     */
    public static Decision staff(Caller caller) {
        return caller.has(Caller.ADMIN)
                        || caller.has(Caller.SERVICE)
                        || caller.has(Caller.ASSOCIATE)
                        || caller.has(Caller.MANAGER)
                ? Decision.ALLOW
                : Decision.FORBIDDEN;
    }

    /** Back-office work (items, prices, locations, loyalty corrections): admin only. */
    public static Decision backOffice(Caller caller) {
        return caller.has(Caller.ADMIN) ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
