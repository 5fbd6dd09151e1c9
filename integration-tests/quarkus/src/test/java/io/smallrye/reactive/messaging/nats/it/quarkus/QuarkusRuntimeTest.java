package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.net.URL;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenario;

/**
 * The runtime-app jar and the connector jar on Quarkus, with no dedicated extension: both are bean archives with a
 * Jandex index, and the channels come from the app jar's META-INF/microprofile-config.properties.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusRuntimeTest {

    @ConfigProperty(name = "mp.messaging.connector.smallrye-nats.url")
    String natsUrl;

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    RuntimeScenario scenario;

    @BeforeEach
    void connect() {
        scenario = new RuntimeScenario(natsUrl, readiness.toString());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        scenario.close();
    }

    @Test
    @Order(1)
    void readinessShowsTheChannels() {
        scenario.readinessShowsTheChannels();
    }

    @Test
    @Order(2)
    void ordersAreConfirmed() {
        scenario.ordersAreConfirmed();
    }

    @Test
    @Order(3)
    void quotesAnswerRequests() {
        scenario.quotesAnswerRequests();
    }
}
