package io.smallrye.reactive.messaging.nats.it.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.nats.it.base.LogCapture;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

/** Every mistake fails deployment with a message that names the channel and the attribute. */
class BadConfigurationTest extends NatsTestBase {

    @ApplicationScoped
    public static class App {
        @Incoming("in")
        void consume(String payload) {
        }

        @Outgoing("out")
        Multi<String> produce() {
            return Multi.createFrom().empty();
        }
    }

    private Map<String, String> valid() {
        Map<String, String> config = config();
        incoming(config, "in", prefix + ".in");
        outgoing(config, "out", prefix + ".out");
        return config;
    }

    @Test
    void missingSubject() {
        Map<String, String> config = valid();
        config.remove("mp.messaging.incoming.in.subject");
        assertDeploymentFails(config, App.class, "`subject`", "channel 'in'", "mandatory", "kv-bucket");
    }

    @Test
    void malformedUrl() {
        Map<String, String> config = valid();
        config.put("mp.messaging.incoming.in.url", "nats//localhost:4222");
        assertDeploymentFails(config, App.class, "`url`", "channel 'in'", "nats//localhost:4222");
    }

    @Test
    void urlCredentialsAreNotEchoed() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.url", "http://agent:s3cret@localhost:4222");
        assertDeploymentFails(config, App.class, "`url`", "channel 'out'", "***@localhost");
        Throwable failure = assertThrows(Throwable.class, () -> start(config, App.class));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertTrue(t.getMessage() == null || !t.getMessage().contains("s3cret"), t.getMessage());
        }
    }

    @Test
    void negativeDuration() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.reconnect-wait", "-PT1S");
        assertDeploymentFails(config, App.class, "`reconnect-wait`", "channel 'out'", "negative");
    }

    @Test
    void notADuration() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.request-timeout", "soon");
        assertDeploymentFails(config, App.class, "`request-timeout`", "channel 'out'");
    }

    @Test
    void unknownFailureStrategy() {
        Map<String, String> config = valid();
        config.put("mp.messaging.incoming.in.failure-strategy", "retry-forever");
        assertDeploymentFails(config, App.class, "`failure-strategy`", "channel 'in'", "retry-forever");
    }

    @Test
    void unknownPayloadType() {
        Map<String, String> config = valid();
        config.put("mp.messaging.incoming.in.payload-type", "com.example.Missing");
        assertDeploymentFails(config, App.class, "`payload-type`", "channel 'in'", "com.example.Missing");
    }

    @Test
    void payloadTypeOnAnOutgoingChannel() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.payload-type", "java.lang.String");
        assertDeploymentFails(config, App.class, "`payload-type`", "channel 'out'");
    }

    @Test
    void queueOnAnOutgoingChannel() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.queue", "workers");
        assertDeploymentFails(config, App.class, "`queue`", "channel 'out'");
    }

    @Test
    void connectorLevelAttributesOfOneDirectionDoNotAffectTheOther() {
        Map<String, String> config = valid();
        config.put("mp.messaging.connector.smallrye-nats.failure-strategy", "ignore");
        config.put("mp.messaging.connector.smallrye-nats.queue", "workers");
        config.put("mp.messaging.connector.smallrye-nats.durable", "workers");
        config.put("mp.messaging.connector.smallrye-nats.auto-in-progress", "false");
        config.put("mp.messaging.connector.smallrye-nats.publish-retries", "5");
        start(config, App.class);
    }

    @Test
    void incomingAttributesTheOldListMissedOnAnOutgoingChannel() {
        for (String attribute : List.of("deliver-start-sequence", "deliver-start-time", "inactive-threshold",
                "auto-in-progress")) {
            Map<String, String> config = valid();
            config.put("mp.messaging.outgoing.out." + attribute, "1");
            assertDeploymentFails(config, App.class, "`" + attribute + "`", "channel 'out'", "only applies to incoming");
        }
    }

    @Test
    void outgoingAttributeOnAnIncomingChannel() {
        Map<String, String> config = valid();
        config.put("mp.messaging.incoming.in.request-timeout", "1s");
        assertDeploymentFails(config, App.class, "`request-timeout`", "channel 'in'", "only applies to outgoing");
    }

    @Test
    void misspeltAttributesAreReportedWithTheNearestKnownOne() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.subjet", prefix + ".typo");
        config.put("mp.messaging.incoming.in.concurency", "2");
        config.put("mp.messaging.connector.smallrye-nats.max-reconects", "3");
        config.put("mp.messaging.incoming.in.broadcast", "false"); // Reactive Messaging's own: known
        try (LogCapture log = LogCapture.start()) {
            start(config, App.class);
            assertEquals(1, log.matching("SRNATS00112", "`subjet`", "channel 'out'", "did you mean `subject`?").size(),
                    String.join("\n", log.lines()));
            assertEquals(1, log.matching("SRNATS00112", "`concurency`", "channel 'in'", "did you mean `concurrency`?").size());
            assertEquals(1, log.matching("SRNATS00112", "`max-reconects`", "the connector",
                    "did you mean `max-reconnects`?").size());
            assertEquals(3, log.matching("SRNATS00112").size(), String.join("\n", log.lines()));
        }
    }

    @Test
    void strictModeFailsDeploymentOnAMisspeltAttribute() {
        Map<String, String> config = valid();
        config.put("mp.messaging.connector.smallrye-nats.fail-on-unknown-attributes", "true");
        config.put("mp.messaging.outgoing.out.subjet", prefix + ".typo");
        assertDeploymentFails(config, App.class, "SRNATS01010", "`subjet`", "channel 'out'", "did you mean `subject`?");
    }

    @Test
    void aMalformedConnectorLevelUrlIsTheConnectorsNotAChannels() {
        Map<String, String> config = valid();
        config.put("mp.messaging.connector.smallrye-nats.url", "nats//localhost:4222");
        assertDeploymentFails(config, App.class, "SRNATS01009", "`mp.messaging.connector.smallrye-nats.url`",
                "nats//localhost:4222");
    }

    @Test
    void wildcardInAnOutgoingSubject() {
        Map<String, String> config = valid();
        config.put("mp.messaging.outgoing.out.subject", "agents.*");
        assertDeploymentFails(config, App.class, "`subject`", "channel 'out'", "wildcard");
    }

    @Test
    void malformedIncomingSubject() {
        Map<String, String> config = valid();
        config.put("mp.messaging.incoming.in.subject", "agents..tasks");
        assertDeploymentFails(config, App.class, "`subject`", "channel 'in'", "empty token");
    }

    @Test
    void unreachableServerWithoutConnectRetry() {
        Map<String, String> config = valid();
        config.put("mp.messaging.connector.smallrye-nats.url", "nats://127.0.0.1:1");
        config.put("mp.messaging.connector.smallrye-nats.connect-retry", "false");
        assertDeploymentFails(config, App.class, "could not connect", "nats://127.0.0.1:1");
    }
}
