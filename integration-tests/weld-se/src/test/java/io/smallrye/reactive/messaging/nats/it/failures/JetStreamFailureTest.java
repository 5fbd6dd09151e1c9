package io.smallrye.reactive.messaging.nats.it.failures;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

class JetStreamFailureTest extends JetStreamTestBase {

    /** Fails every "poison" message, takes 2.5 s over every "slow" one, acks the rest; records each delivery. */
    @ApplicationScoped
    public static class Worker {
        private final List<String> deliveries = new CopyOnWriteArrayList<>();
        private final List<Long> deliveryTimes = new CopyOnWriteArrayList<>();

        @Incoming("work")
        CompletionStage<Void> work(Message<String> message) {
            long delivered = message.getMetadata(IncomingJetStreamMetadata.class).orElseThrow().getDeliveredCount();
            deliveries.add(message.getPayload() + "#" + delivered);
            deliveryTimes.add(System.nanoTime());
            if (message.getPayload().startsWith("poison")) {
                return message.nack(new IllegalStateException("cannot handle " + message.getPayload()));
            }
            if (message.getPayload().startsWith("slow")) {
                LockSupport.parkNanos(Duration.ofMillis(2500).toNanos()); // the work itself, longer than ack-wait
            }
            return message.ack();
        }

        List<String> deliveries() {
            return deliveries;
        }

        List<Long> deliveryTimes() {
            return deliveryTimes;
        }
    }

    private Map<String, String> work(String strategy) {
        Map<String, String> config = jetStreamIncoming(config(), "work", "worker");
        if (strategy != null) {
            config.put("mp.messaging.incoming.work.failure-strategy", strategy);
        }
        return config;
    }

    private void createDeadLetterStream() throws Exception {
        jsm().addStream(StreamConfiguration.builder().name(stream + "-DLQ").subjects("dlq." + prefix)
                .storageType(StorageType.Memory).build());
    }

    @Test
    void nakRedeliversWithBackoffAndTheLastAllowedDeliveryGoesToTheDeadLetterStream() throws Exception {
        createDeadLetterStream();
        Map<String, String> config = work(null); // nak is the JetStream default
        config.put("mp.messaging.incoming.work.max-deliver", "3");
        config.put("mp.messaging.incoming.work.backoff", "300ms,600ms");
        config.put("mp.messaging.incoming.work.dead-letter-subject", "dlq." + prefix);
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "poison-1");
        publish(prefix + ".tasks", "fine-1");

        await().atMost(Duration.ofSeconds(15)).until(() -> worker.deliveries().containsAll(
                List.of("poison-1#1", "poison-1#2", "poison-1#3", "fine-1#1")));
        List<Long> times = worker.deliveryTimes();
        List<String> deliveries = worker.deliveries();
        long firstRetry = times.get(deliveries.indexOf("poison-1#2")) - times.get(deliveries.indexOf("poison-1#1"));
        long secondRetry = times.get(deliveries.indexOf("poison-1#3")) - times.get(deliveries.indexOf("poison-1#2"));
        assertTrue(Duration.ofNanos(firstRetry).toMillis() >= 280, "first backoff step: " + firstRetry / 1_000_000 + " ms");
        assertTrue(Duration.ofNanos(secondRetry).toMillis() >= 570, "second backoff step: " + secondRetry / 1_000_000 + " ms");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jsm().getStreamInfo(stream + "-DLQ").getStreamState().getMsgCount() == 1);
        MessageInfo dead = jsm().getMessage(stream + "-DLQ", 1);
        assertEquals("poison-1", new String(dead.getData()));
        assertEquals(stream, dead.getHeaders().getFirst("dead-letter-stream"));
        assertEquals("1", dead.getHeaders().getFirst("dead-letter-stream-sequence"));
        assertEquals("3", dead.getHeaders().getFirst("dead-letter-delivered-count"));
        assertEquals(prefix + ".tasks", dead.getHeaders().getFirst("dead-letter-subject"));
        assertEquals("cannot handle poison-1", dead.getHeaders().getFirst("dead-letter-reason"));
        // Dead-lettered means settled: the server has nothing pending for the consumer.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer("worker").getNumAckPending() == 0
                && consumer("worker").getNumPending() == 0);
    }

    @Test
    void termStopsRedeliveries() throws Exception {
        Map<String, String> config = work("term");
        config.put("mp.messaging.incoming.work.ack-wait", "500ms");
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "poison-1");
        publish(prefix + ".tasks", "fine-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.deliveries().contains("fine-1#1"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> worker.deliveries().equals(List.of("poison-1#1", "fine-1#1")));
    }

    @Test
    void deadLetterStrategyStoresAtOnceAndTerminates() throws Exception {
        createDeadLetterStream();
        Map<String, String> config = work("dead-letter");
        config.put("mp.messaging.incoming.work.dead-letter-subject", "dlq." + prefix);
        config.put("mp.messaging.incoming.work.ack-wait", "500ms");
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "poison-1");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jsm().getStreamInfo(stream + "-DLQ").getStreamState().getMsgCount() == 1);
        assertEquals("1", jsm().getMessage(stream + "-DLQ", 1).getHeaders().getFirst("dead-letter-delivered-count"));
        await().during(Duration.ofMillis(1200)).until(() -> worker.deliveries().equals(List.of("poison-1#1")));
    }

    @Test
    void deadLetterWithoutAStreamToStoreItRedeliversInsteadOfLosing() throws Exception {
        Map<String, String> config = work("dead-letter");
        config.put("mp.messaging.incoming.work.dead-letter-subject", "nowhere." + prefix);
        config.put("mp.messaging.incoming.work.max-deliver", "2");
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "poison-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.deliveries().contains("poison-1#2"));
        assertTrue(describe(liveness()).contains("last failure"), describe(liveness()));
    }

    @Test
    void inProgressKeepsASlowMessageFromBeingRedelivered() throws Exception {
        Map<String, String> config = work(null);
        config.put("mp.messaging.incoming.work.ack-wait", "1s");
        // Messages pulled in the same batch wait behind the slow one, unseen by in-progress: pull one at a time.
        config.put("mp.messaging.incoming.work.pull-batch-size", "1");
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "slow-1");
        publish(prefix + ".tasks", "fine-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.deliveries().contains("fine-1#1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer("worker").getNumAckPending() == 0);
        assertEquals(List.of("slow-1#1", "fine-1#1"), worker.deliveries());
    }

    @Test
    void withoutInProgressASlowMessageIsRedelivered() throws Exception {
        Map<String, String> config = work(null);
        config.put("mp.messaging.incoming.work.ack-wait", "1s");
        config.put("mp.messaging.incoming.work.auto-in-progress", "false");
        config.put("mp.messaging.connector.smallrye-nats.drain-timeout", "1s"); // do not wait for the redeliveries at shutdown
        start(config, Worker.class);
        Worker worker = bean(Worker.class);
        publish(prefix + ".tasks", "slow-1");
        await().atMost(Duration.ofSeconds(15)).until(() -> worker.deliveries().contains("slow-1#2"));
    }
}
