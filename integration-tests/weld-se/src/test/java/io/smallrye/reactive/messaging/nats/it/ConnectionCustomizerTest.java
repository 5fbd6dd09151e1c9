package io.smallrye.reactive.messaging.nats.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import io.nats.client.Options;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.NatsConnectionCustomizer;

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

    @ApplicationScoped
    public static class App {
        private final List<String> received = new CopyOnWriteArrayList<>();

        @Inject
        @Channel("out")
        Emitter<String> emitter;

        @Incoming("in")
        void receive(String payload) {
            received.add(payload);
        }

        List<String> received() {
            return received;
        }

        Emitter<String> emitter() {
            return emitter;
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
        start(sameConnectionBothWays("no-echo"), App.class, NoEcho.class);
        App app = bean(App.class);
        await().until(() -> readiness().isOk());

        app.emitter().send("from myself").toCompletableFuture().get(10, TimeUnit.SECONDS);
        client().publish(prefix + ".echo", "from outside".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.received().contains("from outside"));
        // Both channels share the customized connection, so its own publish is not echoed back to it.
        assertEquals(List.of("from outside"), app.received());
    }

    @Test
    void anUnknownCustomizerFailsDeployment() {
        Throwable failure = assertThrows(Throwable.class, () -> start(sameConnectionBothWays("missing"), App.class));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        assertTrue(messages.toString().contains("`connection-customizer`") && messages.toString().contains("missing"),
                messages.toString());
    }
}
