package io.smallrye.reactive.messaging.nats.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.extension.health.SmallRyeReactiveMessagingLivenessCheck;
import io.smallrye.reactive.messaging.extension.health.SmallRyeReactiveMessagingReadinessCheck;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/** The connector's health, as MicroProfile Health checks (smallrye-reactive-messaging-health) show it. */
class MicroProfileHealthTest extends NatsTestBase {

    private NatsServer own;

    @AfterEach
    void stopOwnServer() {
        stopContainer();
        if (own != null) {
            own.close();
        }
    }

    private HealthCheckResponse check(java.lang.annotation.Annotation kind) {
        return bean(jakarta.enterprise.inject.spi.BeanManager.class).createInstance().select(HealthCheck.class, kind).get()
                .call();
    }

    @Test
    void readinessFollowsTheServerThroughTheMicroProfileHealthChecks() {
        own = NatsServer.startPlain();
        Map<String, String> config = incoming(config(), "in", "tasks");
        outgoing(config, "out", "results");
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        // The health module ships no beans.xml: runtimes index it (Quarkus) or, on plain Weld, the application adds it.
        start(config, InOutApp.class, SmallRyeReactiveMessagingReadinessCheck.class, SmallRyeReactiveMessagingLivenessCheck.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> check(Readiness.Literal.INSTANCE).getStatus() == HealthCheckResponse.Status.UP);
        own.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> check(Readiness.Literal.INSTANCE).getStatus() == HealthCheckResponse.Status.DOWN);
        HealthCheckResponse down = check(Readiness.Literal.INSTANCE);
        String data = String.valueOf(down.getData().orElseThrow());
        assertTrue(data.contains("in") && data.contains("[KO]"), data);
        assertEquals(HealthCheckResponse.Status.UP, check(Liveness.Literal.INSTANCE).getStatus());

        own.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> check(Readiness.Literal.INSTANCE).getStatus() == HealthCheckResponse.Status.UP);
    }
}
