package io.smallrye.reactive.messaging.nats.it.failures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connector.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class FailureStrategyTest extends NatsTestBase {

    @ApplicationScoped
    public static class Handlers {
        private final List<String> processed = new CopyOnWriteArrayList<>();
        private final List<Integer> numbers = new CopyOnWriteArrayList<>();

        @Incoming("work")
        void work(String task) {
            if (task.startsWith("poison")) {
                throw new IllegalStateException("cannot process " + task);
            }
            processed.add(task);
        }

        @Incoming("numbers")
        void numbers(int number) {
            numbers.add(number);
        }

        List<String> processed() {
            return processed;
        }

        List<Integer> numbers() {
            return numbers;
        }
    }

    /** An application's own strategy: reads its own attribute and one of the connector's, records, and goes on. */
    @ApplicationScoped
    @Identifier("quarantine")
    public static class Quarantine implements NatsFailureHandler.Factory {
        private final List<String> quarantined = new CopyOnWriteArrayList<>();

        @Override
        public NatsFailureHandler create(NatsFailureHandler.Context context) {
            String tag = context.config().getValue("quarantine-tag", String.class);
            String deadLetters = new NatsConnectorIncomingConfiguration(context.config()).getDeadLetterSubject()
                    .orElse("none");
            return (message, failure, nack) -> {
                Throwable reason = failure;
                while (reason.getCause() != null) { // SmallRye wraps what the method threw
                    reason = reason.getCause();
                }
                quarantined.add(context.channel() + "|" + tag + "|" + deadLetters + "|"
                        + new String(message.getNatsMessage().getData(), StandardCharsets.UTF_8) + "|"
                        + reason.getMessage());
                return message.ack();
            };
        }

        List<String> quarantined() {
            return quarantined;
        }
    }

    @Test
    void anApplicationStrategyGetsTheChannelsConfiguration() throws Exception {
        Map<String, String> config = config("quarantine");
        config.put("mp.messaging.incoming.work.quarantine-tag", "blue");
        config.put("mp.messaging.incoming.work.dead-letter-subject", "dlq.unused");
        config.put("mp.messaging.incoming.numbers.quarantine-tag", "green");
        start(config, Handlers.class, Quarantine.class);
        Handlers handlers = bean(Handlers.class);
        await().until(() -> readiness().isOk());

        publish(prefix + ".work", "poison-1");
        publish(prefix + ".work", "fine-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> handlers.processed().contains("fine-1"));

        assertEquals(List.of("work|blue|dlq.unused|poison-1|cannot process poison-1"),
                bean(Quarantine.class, Identifier.Literal.of("quarantine")).quarantined());
        assertTrue(liveness().isOk(), describe(liveness()));
    }

    private Map<String, String> config(String strategy) {
        Map<String, String> config = config();
        incoming(config, "work", prefix + ".work");
        incoming(config, "numbers", prefix + ".numbers");
        config.put("mp.messaging.incoming.work.failure-strategy", strategy);
        config.put("mp.messaging.incoming.numbers.failure-strategy", strategy);
        return config;
    }

    private void publish(String subject, String payload) throws Exception {
        client().publish(NatsMessage.builder().subject(subject).headers(new Headers().add("trace", "abc"))
                .data(payload, StandardCharsets.UTF_8).build());
    }

    @Test
    void deadLetterKeepsPayloadHeadersAndCauseForThrowingHandlersAndUndecodablePayloads() throws Exception {
        Subscription dlq = client().subscribe("dlq.>");
        client().flush(Duration.ofSeconds(2));
        Map<String, String> config = config("dead-letter");
        config.put("mp.messaging.incoming.numbers.dead-letter-subject", "dlq.custom." + prefix);
        start(config, Handlers.class);
        Handlers handlers = bean(Handlers.class);
        await().until(() -> readiness().isOk());

        publish(prefix + ".work", "poison-1");
        publish(prefix + ".work", "fine-1");
        publish(prefix + ".numbers", "not a number");
        publish(prefix + ".numbers", "7");

        io.nats.client.Message first = dlq.nextMessage(Duration.ofSeconds(10));
        io.nats.client.Message second = dlq.nextMessage(Duration.ofSeconds(10));
        io.nats.client.Message thrown = first.getSubject().equals("dlq.work") ? first : second;
        io.nats.client.Message undecodable = thrown == first ? second : first;

        assertEquals("dlq.work", thrown.getSubject());
        assertEquals("poison-1", new String(thrown.getData(), StandardCharsets.UTF_8));
        assertEquals("abc", thrown.getHeaders().getFirst("trace"));
        assertEquals("cannot process poison-1", thrown.getHeaders().getFirst("dead-letter-reason"));
        assertEquals(IllegalStateException.class.getName(), thrown.getHeaders().getFirst("dead-letter-cause-class"));
        assertEquals(prefix + ".work", thrown.getHeaders().getFirst("dead-letter-subject"));
        assertEquals("work", thrown.getHeaders().getFirst("dead-letter-channel"));

        assertEquals("dlq.custom." + prefix, undecodable.getSubject());
        assertEquals("not a number", new String(undecodable.getData(), StandardCharsets.UTF_8));
        String reason = undecodable.getHeaders().getFirst("dead-letter-reason");
        assertTrue(reason.contains("Cannot decode") && reason.contains("int"), reason);

        await().until(() -> handlers.processed().equals(List.of("fine-1")) && handlers.numbers().equals(List.of(7)));
        assertTrue(liveness().isOk(), describe(liveness()));
    }

    @Test
    void ignoreLogsAndGoesOn() throws Exception {
        start(config("ignore"), Handlers.class);
        Handlers handlers = bean(Handlers.class);
        await().until(() -> readiness().isOk());

        publish(prefix + ".work", "poison-1");
        publish(prefix + ".numbers", "x");
        publish(prefix + ".work", "fine-1");
        publish(prefix + ".numbers", "8");

        await().until(() -> handlers.processed().equals(List.of("fine-1")) && handlers.numbers().equals(List.of(8)));
        assertTrue(liveness().isOk(), describe(liveness()));
    }

    @Test
    void failStopsTheChannelAndTurnsLivenessDown() throws Exception {
        Map<String, String> config = config();
        incoming(config, "work", prefix + ".work"); // no failure-strategy: fail is the default
        start(config, Handlers.class);
        Handlers handlers = bean(Handlers.class);
        await().until(() -> readiness().isOk());
        assertTrue(liveness().isOk());

        publish(prefix + ".work", "poison-1");
        await().until(() -> !liveness().isOk());
        assertTrue(describe(liveness()).contains("cannot process poison-1"), describe(liveness()));

        publish(prefix + ".work", "fine-after-failure");
        client().flush(Duration.ofSeconds(2));
        await().during(Duration.ofMillis(300)).until(() -> handlers.processed().isEmpty());
        assertFalse(readiness().isOk(), "a failed channel is no longer subscribed: " + describe(readiness()));
    }

    @ApplicationScoped
    public static class Doubler {
        @Incoming("numbers")
        @Outgoing("doubled")
        int twice(int number) {
            return 2 * number;
        }
    }

    @Test
    void aFailureIsReportedOnTheChannelWhereItHappened() throws Exception {
        Map<String, String> config = config();
        incoming(config, "numbers", prefix + ".numbers");
        config.put("mp.messaging.incoming.numbers.payload-type", "java.lang.Integer");
        outgoing(config, "doubled", prefix + ".doubled");
        start(config, Doubler.class);
        await().until(() -> readiness().isOk());

        publish(prefix + ".numbers", "seven");
        await().until(() -> !liveness().isOk());
        String health = describe(liveness()) + describe(readiness());
        assertTrue(health.contains("numbers=DOWN (failed: ") && health.contains("SRNATS01005"), health);
        // The outgoing channel published nothing wrong: it says its upstream stopped, and not why.
        assertFalse(health.contains("publish failure"), health);
        assertTrue(health.contains("doubled=DOWN (no longer publishing: its upstream stopped"), health);
    }
}
