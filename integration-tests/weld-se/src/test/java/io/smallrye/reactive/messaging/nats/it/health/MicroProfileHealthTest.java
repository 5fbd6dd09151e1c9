package io.smallrye.reactive.messaging.nats.it.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.extension.health.SmallRyeReactiveMessagingLivenessCheck;
import io.smallrye.reactive.messaging.extension.health.SmallRyeReactiveMessagingReadinessCheck;
import io.smallrye.reactive.messaging.nats.it.base.InOutApp;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * The connector's health as MicroProfile Health shows it: through SmallRye Reactive Messaging's checks
 * (smallrye-reactive-messaging-health) and through the connector's own smallrye-nats check.
 */
class MicroProfileHealthTest extends NatsTestBase {

    private NatsServer own;

    /** Every check of the kind, by name: SmallRye Reactive Messaging's own and the connector's smallrye-nats. */
    private Map<String, HealthCheckResponse> checks(java.lang.annotation.Annotation kind) {
        return bean(jakarta.enterprise.inject.spi.BeanManager.class).createInstance().select(HealthCheck.class, kind).stream()
                .map(HealthCheck::call).collect(Collectors.toMap(HealthCheckResponse::getName, response -> response));
    }

    private boolean allUp(java.lang.annotation.Annotation kind) {
        Map<String, HealthCheckResponse> checks = checks(kind);
        return checks.size() == 2 && checks.values().stream().allMatch(c -> c.getStatus() == HealthCheckResponse.Status.UP);
    }

    private boolean allDown(java.lang.annotation.Annotation kind) {
        return checks(kind).values().stream().allMatch(c -> c.getStatus() == HealthCheckResponse.Status.DOWN);
    }

    @Test
    void readinessFollowsTheServerThroughTheMicroProfileHealthChecks() {
        own = servers.own(NatsServer.startPlain());
        Map<String, String> config = incoming(config(), "in", "tasks");
        outgoing(config, "out", "results");
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        // The health module ships no beans.xml: runtimes index it (Quarkus) or, on plain Weld, the application adds it.
        start(config, InOutApp.class, SmallRyeReactiveMessagingReadinessCheck.class,
                SmallRyeReactiveMessagingLivenessCheck.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> allUp(Readiness.Literal.INSTANCE));
        own.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> allDown(Readiness.Literal.INSTANCE));
        for (HealthCheckResponse down : checks(Readiness.Literal.INSTANCE).values()) {
            Map<String, Object> data = down.getData().orElseThrow();
            assertTrue(String.valueOf(data.get("in")).contains("[KO]"), down.getName() + ": " + data);
            assertTrue(String.valueOf(data.get("out")).contains("[KO]"), down.getName() + ": " + data);
        }
        assertTrue(checks(Readiness.Literal.INSTANCE).containsKey("smallrye-nats"));
        assertTrue(allUp(Liveness.Literal.INSTANCE), String.valueOf(checks(Liveness.Literal.INSTANCE)));

        own.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> allUp(Readiness.Literal.INSTANCE));
    }
}
