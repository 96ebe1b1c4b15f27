package com.unifiedcommerce.payment;

import static io.restassured.RestAssured.given;

import com.unifiedcommerce.infra.support.TestTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the payment service's tests share: the order service's token, and the provider's own books. */
public final class PaymentTestSupport {

    private static String serviceToken;

    private PaymentTestSupport() {}

    public static TestTokens tokens() {
        return new TestTokens(ConfigProvider.getConfig().getValue("commerce.keycloak.url", String.class));
    }

    /** Calls as the order service does (client credentials; the token fetched once). */
    public static RequestSpecification asOrderService() {
        if (serviceToken == null) {
            serviceToken = tokens().service("order");
        }
        return given().auth().oauth2(serviceToken).contentType("application/json");
    }

    /** The simulator's API with the merchant's development key, as the provider's dashboard would see it. */
    public static RequestSpecification atProvider() {
        return given().auth()
                .oauth2("provider-api-dev-secret")
                .baseUri(ConfigProvider.getConfig().getValue("payment.provider.url", String.class))
                .contentType("application/json");
    }

    /** The provider's own record of an authorisation. */
    public static JsonPath providerRecord(String ref) {
        return atProvider()
                .get("/v1/authorisations/" + ref)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
