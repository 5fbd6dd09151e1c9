package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.net.URL;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenario;
import io.smallrye.reactive.messaging.nats.it.runtime.RuntimeScenarioTest;

/**
 * The runtime-app jar on Quarkus with the connector's extension, against the nats-server its Dev Services start: the
 * channels come from the app jar's META-INF/microprofile-config.properties. With
 * quarkus-opentelemetry, it also checks that the connector's tracing crosses the application.
 */
@QuarkusTest
class QuarkusRuntimeTest extends RuntimeScenarioTest {

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

    @Override
    protected RuntimeScenario scenario() {
        return scenario;
    }

    /** Quarkus gives the application an OpenTelemetry bean and SmallRye's tracing metadata (not every runtime does). */
    @Test
    @Order(4)
    void tracesContinueThroughTheApplication() {
        step(() -> scenario().tracesContinueThroughTheApplication());
    }
}
