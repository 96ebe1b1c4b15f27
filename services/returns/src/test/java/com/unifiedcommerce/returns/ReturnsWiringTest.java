package com.unifiedcommerce.returns;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.PostgresServiceWiringTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "returns"), @ResourceArg(name = "keycloak", value = "true")
        })
class ReturnsWiringTest extends PostgresServiceWiringTest {

    @Override
    protected String schema() {
        return "returns";
    }
}
