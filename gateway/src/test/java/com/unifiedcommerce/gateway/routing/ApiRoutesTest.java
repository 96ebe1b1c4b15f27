package com.unifiedcommerce.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unifiedcommerce.gateway.routing.ApiRoutes.Audience;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Route;
import com.unifiedcommerce.gateway.routing.ApiRoutes.Upstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRoutesTest {

    @ParameterizedTest
    @CsvSource({
        "GET, /api/items/SKU-1, INVENTORY, PUBLIC",
        "HEAD, /api/items/SKU-1, INVENTORY, PUBLIC",
        "PUT, /api/items/SKU-1, INVENTORY, SIGNED_IN",
        "GET, /api/locations, INVENTORY, PUBLIC",
        "PUT, /api/locations/store-001, INVENTORY, SIGNED_IN",
        "GET, /api/availability, INVENTORY, PUBLIC",
        "GET, /api/stock/store-001/SKU-1, INVENTORY, SIGNED_IN",
        "POST, /api/reservations, INVENTORY, SIGNED_IN",
        "GET, /api/inventory/invariants, INVENTORY, SIGNED_IN",
        "POST, /api/orders, ORDER, SIGNED_IN",
        "GET, /api/orders/o-1, ORDER, SIGNED_IN",
        "GET, /api/loyalty/accounts/cus-alice, LOYALTY, SIGNED_IN",
        "POST, /api/returns/quote, RETURNS, SIGNED_IN",
        "POST, /api/customers, CUSTOMER, SIGN_UP",
        "GET, /api/customers/me, CUSTOMER, SIGNED_IN",
        "POST, /api/customers/resolve, CUSTOMER, SIGNED_IN",
        "GET, /api/payments/orders/o-1, PAYMENT, SIGNED_IN",
        "POST, /api/payments/cards, PAYMENT, SIGNED_IN",
        "POST, /api/payments/provider/webhooks, PAYMENT, PUBLIC",
        "GET, /api/payments/provider/webhooks, PAYMENT, SIGNED_IN",
    })
    void eachPathGoesToItsServiceForItsAudience(String method, String path, Upstream upstream, Audience audience) {
        assertEquals(
                new Route(upstream, audience), ApiRoutes.resolve(method, path).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/itemsX", "GET, /api/nothing", "GET, /api", "GET, /q/health", "POST, /api/me/overview"})
    void otherPathsHaveNoRoute(String method, String path) {
        assertTrue(ApiRoutes.resolve(method, path).isEmpty());
    }
}
