package io.smallrye.reactive.messaging.nats.it.configuration;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

/** Counted by the server itself (monitoring endpoint), not by the connector's own bookkeeping. */
class SharedConnectionTest extends NatsTestBase {

    @ApplicationScoped
    public static class App {
        @Incoming("a")
        void a(String s) {
        }

        @Incoming("b")
        void b(String s) {
        }

        @Outgoing("c")
        Multi<String> c() {
            return Multi.createFrom().empty();
        }

        @Incoming("separate")
        void separate(String s) {
        }
    }

    private long connectionsNamed(String name) {
        return server.connectionsNamed(Pattern.quote(name));
    }

    @Test
    void channelsWithTheSameConnectionAttributesShareOneConnection() throws Exception {
        Map<String, String> config = config();
        String shared = prefix + "-shared";
        config.put("mp.messaging.connector.smallrye-nats.connection-name", shared);
        incoming(config, "a", prefix + ".a");
        incoming(config, "b", prefix + ".b");
        outgoing(config, "c", prefix + ".c");
        incoming(config, "separate", prefix + ".d");
        config.put("mp.messaging.incoming.separate.connection-name", prefix + "-own");
        start(config, App.class);
        await().until(() -> readiness().isOk());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> connectionsNamed(shared) == 1 && connectionsNamed(prefix + "-own") == 1);
        stopContainer();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> connectionsNamed(shared) == 0 && connectionsNamed(prefix + "-own") == 0);
    }

    @Test
    void withoutAConnectionNameTheServerStillTellsTheApplicationApart() throws Exception {
        Map<String, String> config = config();
        incoming(config, "a", prefix + ".a");
        start(config, App.class);
        await().until(() -> readiness().isOk());
        // application (main class or jar, or quarkus.application.name) @ host # pid
        String expected = "@" + java.net.InetAddress.getLocalHost().getHostName() + "#" + ProcessHandle.current().pid();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsNamed("[^\"]+" + Pattern.quote(expected)) >= 1);
    }
}
