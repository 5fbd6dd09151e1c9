package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsBatch;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/** {@code batch=true}: what arrived together reaches the method as one list, and settling it settles each message. */
class BatchTest extends JetStreamTestBase {

    /** A JSON payload, decoded by the channel's {@code payload-type}. */
    public record Task(int n) {
    }

    @ApplicationScoped
    public static class Work {
        private final List<Integer> sizes = new CopyOnWriteArrayList<>();
        private final List<String> payloads = new CopyOnWriteArrayList<>();

        /** A list payload is passed on as it is: the channel's payload-type decodes each element. */
        @Incoming("work")
        void work(List<String> batch) {
            sizes.add(batch.size());
            payloads.addAll(batch);
        }

        List<Integer> sizes() {
            return sizes;
        }

        List<String> payloads() {
            return payloads;
        }
    }

    @ApplicationScoped
    public static class Retried {
        private final List<String> deliveries = new CopyOnWriteArrayList<>();
        private final AtomicBoolean nackedOne = new AtomicBoolean();

        /** Nacks the first batch whole; acks the others. The connector's converter makes each payload a String. */
        @Incoming("retried")
        CompletionStage<Void> retried(Message<List<String>> batch) {
            for (IncomingNatsMessage<String> message : ((IncomingNatsBatch<String>) batch).getMessages()) {
                long delivered = message.metadata(IncomingJetStreamMetadata.class).orElseThrow().getDeliveredCount();
                deliveries.add(message.getPayload() + "#" + delivered);
            }
            return nackedOne.compareAndSet(false, true) ? batch.nack(new IllegalStateException("not now"))
                    : batch.ack();
        }

        List<String> deliveries() {
            return deliveries;
        }
    }

    @ApplicationScoped
    public static class Held {
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> release = new CompletableFuture<>();

        /** Done with each batch at once, but acks it only once released, whatever the batches' sizes. */
        @Incoming("held")
        CompletionStage<Void> held(Message<List<String>> batch) {
            received.addAll(batch.getPayload());
            release.thenRun(batch::ack);
            return CompletableFuture.completedFuture(null);
        }

        List<String> received() {
            return received;
        }

        CompletableFuture<Void> release() {
            return release;
        }
    }

    @ApplicationScoped
    public static class Tasks {
        private final List<Task> tasks = new CopyOnWriteArrayList<>();

        @Incoming("tasks")
        void tasks(List<Task> batch) {
            tasks.addAll(batch);
        }

        List<Task> tasks() {
            return tasks;
        }
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> prefix + n).collect(Collectors.toList());
    }

    private Map<String, String> batchChannel(Map<String, String> config, String channel) {
        config.put("mp.messaging.incoming." + channel + ".batch", "true");
        return config;
    }

    @Test
    void aBacklogArrivesInOrderInBatchesOfAtMostBatchSizeAndAckingThemAcksEveryMessage() throws Exception {
        List<String> sent = numbered("task-", 500);
        for (String payload : sent) {
            publish(prefix + ".tasks", payload);
        }
        Map<String, String> config = batchChannel(jetStreamIncoming(config(), "work", "worker"), "work");
        config.put("mp.messaging.incoming.work.batch-size", "100");
        config.put("mp.messaging.incoming.work.payload-type", String.class.getName());
        start(config, Work.class);
        Work consumers = bean(Work.class);

        awaitProgressTo(sent.size(), () -> consumers.payloads().size(), Duration.ofSeconds(10),
                () -> consumers.sizes().toString());
        assertEquals(sent, consumers.payloads());
        assertTrue(consumers.sizes().stream().allMatch(size -> size >= 1 && size <= 100), consumers.sizes().toString());
        assertTrue(consumers.sizes().size() < sent.size(), "some batches hold several messages: " + consumers.sizes());
        await().untilAsserted(() -> {
            ConsumerInfo info = consumer("worker");
            assertEquals(0, info.getNumAckPending(), info.toString());
            assertEquals(sent.size(), info.getAckFloor().getStreamSequence(), info.toString());
            assertEquals(0, info.getRedelivered(), info.toString());
        });
    }

    @Test
    void nackingABatchNacksEachOfItsMessagesThroughTheFailureStrategy() throws Exception {
        List<String> sent = numbered("job-", 50);
        for (String payload : sent) {
            publish(prefix + ".jobs", payload);
        }
        start(batchChannel(jetStreamIncoming(config(), "retried", "retrier"), "retried"), Retried.class);
        Retried consumers = bean(Retried.class);

        await().until(() -> consumers.deliveries().stream().map(d -> d.substring(0, d.indexOf('#'))).distinct()
                .count() == sent.size() && consumer("retrier").getAckFloor().getStreamSequence() == sent.size());
        List<String> redelivered = consumers.deliveries().stream().filter(d -> d.endsWith("#2"))
                .map(d -> d.substring(0, d.indexOf('#'))).toList();
        List<String> first = new ArrayList<>();
        for (String delivery : consumers.deliveries()) {
            if (delivery.endsWith("#1") && first.size() < redelivered.size()) {
                first.add(delivery.substring(0, delivery.indexOf('#')));
            }
        }
        assertTrue(!redelivered.isEmpty(), consumers.deliveries().toString());
        // the nacked batch was the first one: each of its messages (nak: the JetStream default) came once more
        assertEquals(first, redelivered, consumers.deliveries().toString());
        assertEquals(sent.size() + redelivered.size(), consumers.deliveries().size(), consumers.deliveries().toString());
    }

    @Test
    void aPayloadThatDoesNotDecodeIsNackedAloneAndTheRestOfItsBatchArrives() throws Exception {
        Subscription deadLetters = client().subscribe("dlq." + prefix);
        client().flush(Duration.ofSeconds(2));
        Map<String, String> config = batchChannel(incoming(config(), "tasks", prefix + ".tasks"), "tasks");
        config.put("mp.messaging.incoming.tasks.payload-type", Task.class.getName());
        config.put("mp.messaging.incoming.tasks.failure-strategy", "dead-letter");
        config.put("mp.messaging.incoming.tasks.dead-letter-subject", "dlq." + prefix);
        start(config, Tasks.class);
        Tasks consumers = bean(Tasks.class);
        await().until(() -> readiness().isOk());

        for (int n = 1; n <= 40; n++) {
            client().publish(prefix + ".tasks", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
            if (n == 20) {
                client().publish(prefix + ".tasks", "not json".getBytes(StandardCharsets.UTF_8));
            }
        }

        await().until(() -> consumers.tasks().size() == 40);
        assertEquals(IntStream.rangeClosed(1, 40).mapToObj(Task::new).toList(), consumers.tasks());
        io.nats.client.Message dead = deadLetters.nextMessage(Duration.ofSeconds(10));
        assertEquals("not json", new String(dead.getData(), StandardCharsets.UTF_8));
        assertTrue(liveness().isOk(), describe(liveness()));
    }

    @Test
    void aStopWaitsForTheBatchesInTheApplicationsHandsAndTheirAcks() throws Exception {
        List<String> sent = numbered("held-", 30);
        for (String payload : sent) {
            publish(prefix + ".held", payload);
        }
        Map<String, String> config = batchChannel(jetStreamIncoming(config(), "held", "holder"), "held");
        config.put("mp.messaging.incoming.held.payload-type", String.class.getName());
        start(config, Held.class);
        Held held = bean(Held.class);
        await().until(() -> held.received().size() == sent.size());
        CompletableFuture<Void> release = held.release();
        new Thread(() -> {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            release.complete(null);
        }).start();

        long start = System.nanoTime();
        stopContainer();
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis >= 300 && millis < 3_000, "stop took " + millis + " ms");
        // acked before the connection closed: nothing left to redeliver
        await().untilAsserted(() -> {
            ConsumerInfo info = consumer("holder");
            assertEquals(0, info.getNumAckPending(), info.toString());
            assertEquals(sent.size(), info.getAckFloor().getStreamSequence(), info.toString());
        });
    }

    @Test
    void aBatchComesFromASubjectOrAConsumerOnly() {
        Map<String, String> watch = batchChannel(config(), "tasks");
        watch.put("mp.messaging.incoming.tasks.connector", "smallrye-nats");
        watch.put("mp.messaging.incoming.tasks.kv-bucket", "agents");
        assertDeploymentFails(watch, Tasks.class, "tasks", "batch", "kv-bucket");

        Map<String, String> empty = batchChannel(incoming(config(), "tasks", prefix + ".tasks"), "tasks");
        empty.put("mp.messaging.incoming.tasks.batch-size", "0");
        assertDeploymentFails(empty, Tasks.class, "tasks", "batch-size");
    }
}
