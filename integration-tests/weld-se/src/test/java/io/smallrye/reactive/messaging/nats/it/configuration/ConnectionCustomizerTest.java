package io.smallrye.reactive.messaging.nats.it.configuration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;

import io.nats.client.Options;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.NatsConnectionCustomizer;
import io.smallrye.reactive.messaging.nats.it.base.InOutApp;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class ConnectionCustomizerTest extends NatsTestBase {

    /** Turns on a jnats option the connector does not expose: no echo of the connection's own publishes. */
    @ApplicationScoped
    @Identifier("no-echo")
    public static class NoEcho implements NatsConnectionCustomizer {
        @Override
        public void customize(String channel, Options.Builder builder) {
            builder.noEcho();
        }
    }

    private Map<String, String> sameConnectionBothWays(String customizer) {
        Map<String, String> config = incoming(config(), "in", prefix + ".echo");
        outgoing(config, "out", prefix + ".echo");
        config.put("mp.messaging.connector.smallrye-nats.connection-customizer", customizer);
        return config;
    }

    @Test
    void theNamedCustomizerAdjustsTheOptions() throws Exception {
        start(sameConnectionBothWays("no-echo"), InOutApp.class, NoEcho.class);
        InOutApp app = bean(InOutApp.class);
        await().until(() -> readiness().isOk());

        app.emitter().send("from myself").toCompletableFuture().get(10, TimeUnit.SECONDS);
        client().publish(prefix + ".echo", "from outside".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.received().contains("from outside"));
        // Both channels share the customized connection, so its own publish is not echoed back to it.
        assertEquals(List.of("from outside"), app.received());
    }

    @Test
    void anUnknownCustomizerFailsDeployment() {
        assertDeploymentFails(sameConnectionBothWays("missing"), InOutApp.class, "`connection-customizer`", "missing");
    }
}
